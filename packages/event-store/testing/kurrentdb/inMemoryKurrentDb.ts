import { randomUUID } from 'node:crypto'
import { setImmediate as tick } from 'node:timers/promises'
import {
  ANY,
  BACKWARDS,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type Position,
  type ReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client'
import { inMemorySubscription, type StandInSubscription, type SubscriptionLog } from './inMemorySubscription.ts'
import type { KurrentClient } from '../../src/kurrentdb/kurrentClient.ts'

/** KurrentDB's default MaxAppendSize. */
const maxAppendSize = 1024 * 1024

export interface InMemoryKurrentDbOptions {
  /**
   * Whether a read of, or a subscription to, `$all` from a position starts with the record at that position. The
   * adapter must not depend on it, so its tests run both ways.
   */
  readFromPositionIncludesIt?: boolean
}

/**
 * A stand-in for a KurrentDB server in unit tests, playing the behaviour the adapter relies on: streams with gap-free
 * revisions; appends checked atomically against the expected revision, and refused above 1 MiB; the server's
 * idempotency (an append whose ids already sit at exactly the expected revisions succeeds without writing);
 * `StreamNotFoundError`; and `$all` in position order with records of its own between ours (a `$stats` record after
 * every append, a `$ce-` category link per event as the system projections write); and `subscribeToAll` with a
 * stream-name prefix filter, checkpoints and live records (`inMemorySubscription.ts`). Records come back through JSON,
 * as over the wire.
 *
 * It proves the adapter's logic against these rules, not that a real server follows them: that is the integration
 * suite's job (KURRENTDB_URL).
 */
export class InMemoryKurrentDb {
  /** How many `$all` records reads have handed out: what the adapter's frontier saves. */
  recordsRead = 0
  /** Runs before each append is checked: lets a test slip another writer in between a read and an append. */
  beforeAppend: ((streamName: string) => Promise<void>) | undefined
  /** Every `subscribeToAll`: what it asked for and what it was sent. */
  readonly subscriptions: SubscriptionLog[] = []

  private readonly all: AllStreamRecordedEvent[] = []
  private readonly streams = new Map<string, AllStreamRecordedEvent[]>()
  private nextPosition = 4096n
  private readonly writeWaiters = new Set<() => void>()
  private readonly includesStart: boolean

  constructor(options: InMemoryKurrentDbOptions = {}) {
    this.includesStart = options.readFromPositionIncludesIt ?? true
  }

  /** A client of this server; disposing of it closes only that client. */
  client(): KurrentClient {
    let disposed = false
    const server = () => {
      if (disposed) throw new Error('client used after dispose()')
      return this
    }
    return {
      readAll: (options) => server().readAll(options),
      readStream: (streamName, options) => server().readStream(streamName, options),
      appendToStream: async (streamName, events, options) => server().appendToStream(streamName, events, options),
      subscribeToAll: (options) => server().subscribeToAll(options),
      dispose: async () => {
        disposed = true
      },
    }
  }

  /** Records of other kinds in `$all`, as a busy server or other applications leave them. */
  writeForeignRecords(count: number, streamName = '$stats-127.0.0.1:2113'): void {
    for (let i = 0; i < count; i++) {
      const data = { i }
      this.write(streamName, { id: randomUUID(), contentType: 'application/json', type: '$statsCollected', data, metadata: undefined })
    }
  }

  private async appendToStream(
    streamName: string,
    events: EventData[],
    options: AppendToStreamOptions,
  ): Promise<AppendResult> {
    await this.beforeAppend?.(streamName)
    // Let other appenders run between their reads and their appends, as network round trips would.
    await tick()
    const json = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? null))
    const size = events.reduce((sum, event) => sum + json(event.data) + json(event.metadata), 0)
    if (size > maxAppendSize) throw new MaxAppendSizeExceededError(undefined, maxAppendSize)
    const stream = this.streams.get(streamName) ?? []
    const current = BigInt(stream.length - 1)
    const expectedRevision = options.expectedRevision ?? ANY
    if (expectedRevision !== ANY) {
      if (typeof expectedRevision !== 'bigint' && expectedRevision !== NO_STREAM) {
        throw new Error(`the stand-in does not play expectedRevision ${expectedRevision}`)
      }
      const expected = expectedRevision === NO_STREAM ? -1n : expectedRevision
      if (expected !== current) {
        const already = events.every((event, i) => stream[Number(expected) + 1 + i]?.id === event.id)
        if (expected < current && already) return { success: true, nextExpectedRevision: expected + BigInt(events.length) }
        throw new WrongExpectedVersionError(undefined, {
          streamName,
          expected: expectedRevision,
          current: current < 0n ? NO_STREAM : current,
        })
      }
    }
    const written = events.map((event) => this.write(streamName, event))
    for (const record of written) {
      const category = streamName.split('-')[0] ?? streamName
      this.write(`$ce-${category}`, {
        id: randomUUID(),
        contentType: 'application/octet-stream',
        type: '$>',
        data: Buffer.from(`${record.revision}@${streamName}`),
        metadata: undefined,
      })
    }
    this.writeForeignRecords(1)
    const last = written.at(-1)
    return { success: true, nextExpectedRevision: last?.revision ?? current, position: last?.position }
  }

  private async *readAll(options: ReadAllOptions): AsyncGenerator<AllStreamResolvedEvent> {
    const { fromPosition = START, direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER } = options
    const backwards = direction === BACKWARDS
    let index = this.startIndex(fromPosition, backwards)
    for (let count = 0n; count < BigInt(maxCount); count++, index += backwards ? -1 : 1) {
      const record = this.all[index]
      if (record === undefined) return
      this.recordsRead++
      if (count % 100n === 0n) await tick()
      yield { event: record, commitPosition: record.position.commit }
    }
  }

  private subscribeToAll(options: SubscribeToAllOptions): StandInSubscription {
    const log: SubscriptionLog = { options, looked: 0, sent: [], checkpoints: [] }
    this.subscriptions.push(log)
    const all = {
      records: this.all,
      startIndex: (from: ReadPosition) => this.startIndex(from, false),
      nextWrite: (cancelled: AbortSignal) => this.nextWrite(cancelled),
    }
    return inMemorySubscription(all, options, log)
  }

  private nextWrite(cancelled: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.writeWaiters.delete(wake)
        cancelled.removeEventListener('abort', wake)
        resolve()
      }
      this.writeWaiters.add(wake)
      cancelled.addEventListener('abort', wake, { once: true })
    })
  }

  private async *readStream(streamName: string, options: ReadStreamOptions): AsyncGenerator<ResolvedEvent> {
    const { fromRevision = START, direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER } = options
    if (direction === BACKWARDS || fromRevision === END) throw new Error('the stand-in reads streams forwards only')
    await tick()
    const stream = this.streams.get(streamName)
    if (stream === undefined) throw new StreamNotFoundError(undefined, streamName)
    const from = fromRevision === START ? 0 : Number(fromRevision)
    for (const record of stream.slice(from, from + Number(maxCount))) yield { event: record }
  }

  private write(streamName: string, event: EventData): AllStreamRecordedEvent {
    const stream = this.streams.get(streamName) ?? []
    this.streams.set(streamName, stream)
    const position = { commit: this.nextPosition, prepare: this.nextPosition }
    const record = recordOf(event, streamName, BigInt(stream.length), position)
    this.nextPosition += 100n + BigInt(JSON.stringify(record.data).length)
    stream.push(record)
    this.all.push(record)
    for (const wake of [...this.writeWaiters]) wake()
    return record
  }

  /** Index of the first record a read from a position hands out. */
  private startIndex(from: ReadPosition, backwards: boolean): number {
    if (from === START) return backwards ? -1 : 0
    if (from === END) return backwards ? this.all.length - 1 : this.all.length
    const atOrAfter = this.indexOf(from)
    const record = this.all[atOrAfter]
    const there = record !== undefined && samePosition(record, from)
    if (backwards) return there && this.includesStart ? atOrAfter : atOrAfter - 1
    return there && !this.includesStart ? atOrAfter + 1 : atOrAfter
  }

  /** Index of the first record at or after a position. */
  private indexOf(position: Position): number {
    let low = 0
    let high = this.all.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (before(this.all[middle]?.position, position)) low = middle + 1
      else high = middle
    }
    return low
  }
}

/** A record as the client hands it back after a round trip through the server: data and metadata through JSON. */
export function recordOf(
  event: EventData,
  streamName: string,
  revision: bigint,
  position: Position,
): AllStreamRecordedEvent {
  const isJson = event.contentType === 'application/json'
  return {
    streamId: streamName,
    id: event.id,
    revision,
    type: event.type,
    created: new Date(),
    isJson,
    data: isJson ? (JSON.parse(JSON.stringify(event.data)) as unknown) : event.data,
    metadata: event.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(event.metadata)) as unknown),
    position,
  } as AllStreamRecordedEvent
}

function before(a: Position | undefined, b: Position): boolean {
  return a !== undefined && (a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare))
}

function samePosition(record: AllStreamRecordedEvent, position: Position): boolean {
  return record.position.commit === position.commit && record.position.prepare === position.prepare
}
