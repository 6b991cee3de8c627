import { Readable, Transform, type TransformCallback } from 'node:stream'
import {
  END,
  START,
  STREAM_NAME,
  type AllStreamRecordedEvent,
  type Filter,
  type Position,
  type SubscribeToAllOptions,
} from '@eventstore/db-client'

/** The server's default `maxSearchWindow`: a filtered subscription checkpoints every `checkpointInterval` times this. */
const defaultMaxSearchWindow = 32

/** What one subscriber asked the stand-in for, and what it was sent: lets tests check what the server did. */
export interface SubscriptionLog {
  options: SubscribeToAllOptions
  /** How many records of `$all` the server walked, sent or not. */
  looked: number
  /** The stream name of every record sent, in order. */
  sent: string[]
  checkpoints: Position[]
}

/** The stand-in's `$all` as a subscription reads it. */
export interface AllLog {
  readonly records: readonly AllStreamRecordedEvent[]
  /** Index of the first record a read from `from` hands out. */
  startIndex(from: Position | typeof START): number
  /** Resolves at the next write to `$all`, or when `cancelled` aborts. */
  nextWrite(cancelled: AbortSignal): Promise<void>
}

type Response = { event: AllStreamRecordedEvent } | { checkpoint: Position }

/**
 * A `subscribeToAll` as the server and `@eventstore/db-client` 6.2.1 play it: the server walks `$all` from the position,
 * sends the records the filter lets through and, for a filtered subscription, a checkpoint every `checkpointInterval ×
 * maxSearchWindow` records it looked at (matching or not), then goes on with new records as they are written. On the
 * client side a transform stream like the client's calls `checkpointReached` (awaited) and pushes events, and a pipe
 * with object-mode buffers stands for the gRPC call, so a reader that stops reading holds the walk back.
 *
 * Plays stream-name prefix filters, or none; refuses what the adapter does not use.
 */
export function inMemorySubscription(all: AllLog, options: SubscribeToAllOptions, log: SubscriptionLog): StandInSubscription {
  const { fromPosition = START, filter, resolveLinkTos = false } = options
  if (fromPosition === END || resolveLinkTos) throw new Error('the stand-in subscribes from START or a position, without resolving links')
  if (filter && (filter.filterOn !== STREAM_NAME || !('prefixes' in filter))) {
    throw new Error('the stand-in plays stream-name prefix filters only')
  }
  const cancelled = new AbortController()
  const subscription = new StandInSubscription(filter?.checkpointReached, () => cancelled.abort())
  Readable.from(responses(all, fromPosition, filter, log, cancelled.signal), { objectMode: true, highWaterMark: 16 }).pipe(
    subscription,
  )
  return subscription
}

async function* responses(
  all: AllLog,
  from: Position | typeof START,
  filter: Filter | undefined,
  log: SubscriptionLog,
  cancelled: AbortSignal,
): AsyncGenerator<Response> {
  const prefixes = filter && 'prefixes' in filter ? filter.prefixes : undefined
  const checkpointEvery = filter ? filter.checkpointInterval * (filter.maxSearchWindow ?? defaultMaxSearchWindow) : 0
  let index = all.startIndex(from)
  while (!cancelled.aborted) {
    const record = all.records[index]
    if (record === undefined) {
      await all.nextWrite(cancelled)
      continue
    }
    index++
    log.looked++
    if (prefixes === undefined || prefixes.some((prefix) => record.streamId.startsWith(prefix))) {
      log.sent.push(record.streamId)
      yield { event: record }
    }
    if (checkpointEvery > 0 && log.looked % checkpointEvery === 0) {
      log.checkpoints.push(record.position)
      yield { checkpoint: record.position }
    }
  }
}

/** The client side of the subscription, shaped as `@eventstore/db-client`'s `Subscription` transform. */
export class StandInSubscription extends Transform {
  id?: string
  private readonly checkpointReached: Filter['checkpointReached']
  private readonly cancel: () => void

  constructor(checkpointReached: Filter['checkpointReached'], cancel: () => void) {
    super({ objectMode: true })
    this.checkpointReached = checkpointReached
    this.cancel = cancel
  }

  override _transform(response: Response, _encoding: BufferEncoding, next: TransformCallback): void {
    if ('event' in response) {
      next(null, { event: response.event, commitPosition: response.event.position.commit })
      return
    }
    Promise.resolve(this.checkpointReached?.(this, response.checkpoint)).then(() => next(), next)
  }

  /** Cancels the call: the server stops walking `$all`. */
  async unsubscribe(): Promise<void> {
    this.cancel()
  }
}
