import type { Event } from '@attribution/contracts'

/**
 * Where an event sits in the one global log. On PostgreSQL and PGlite `commit` is the appending transaction's id
 * (xid8) and `prepare` the row's identity position; a KurrentDB adapter maps its own commit/prepare positions here.
 * Compare with `comparePositions`, never by one half alone.
 */
export interface GlobalPosition {
  commit: bigint
  prepare: bigint
}

export interface StoredEvent {
  position: GlobalPosition
  streamId: string
  /** 0 for a stream's first event, then gap-free. */
  streamVersion: number
  /** When the store accepted the event (ISO-8601, UTC); business time is `event.occurredAt`. */
  recordedAt: string
  /** The event exactly as it was appended. */
  event: Event
}

export interface AppendResult {
  appended: number
  /** Ids of events not stored because the id was already stored or repeated earlier in the batch, one per occurrence. */
  duplicates: string[]
}

/** The version a stream must be at for an append to go ahead; `'no_stream'`: the stream must not exist yet. */
export type ExpectedVersion = number | 'no_stream'

export interface AppendOptions {
  expectedVersions?: Record<string, ExpectedVersion>
}

export interface SubscribeOptions {
  /** Most events handed to the handler at once. */
  batchSize?: number
  /** How long to wait before polling again once caught up. */
  idleMs?: number
  signal?: AbortSignal
}

export interface Subscription {
  /** Settles when the subscription ends: resolves after `stop()` or an abort, rejects with a handler or read error. */
  done: Promise<void>
  /** Ends the subscription after the batch in hand, and waits for that. Never rejects; failures surface in `done`. */
  stop(): Promise<void>
}

/** The system of record: streams per entity and one global log that every reader sees in the same order. */
export interface EventStore {
  /**
   * Appends a batch atomically (KurrentDB: atomically per stream, see the package README). Events whose id is already
   * stored are skipped and reported as duplicates; the rest are stored. Throws `ConcurrencyError` and stores nothing
   * when an expected version does not hold.
   */
  append(events: Event[], options?: AppendOptions): Promise<AppendResult>
  /** Up to `limit` events strictly after `after` (null: from the start), in global order. */
  readAll(after: GlobalPosition | null, limit: number): Promise<StoredEvent[]>
  readStream(streamId: string): Promise<StoredEvent[]>
  /** The last position a reader can see and how many events it can see. */
  head(): Promise<{ position: GlobalPosition | null; events: number }>
  /** How many visible events lie after a checkpoint: a reader's lag. */
  countAfter(after: GlobalPosition | null): Promise<number>
  /**
   * Catch-up subscription: pages through the log after `after`, then keeps polling for new events. Each batch's
   * handler promise is awaited before the next page is read.
   */
  subscribe(
    after: GlobalPosition | null,
    handler: (batch: StoredEvent[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription
  close(): Promise<void>
}

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError'
  readonly streamId: string
  readonly expected: ExpectedVersion
  readonly actual: ExpectedVersion

  constructor(streamId: string, expected: ExpectedVersion, actual: ExpectedVersion) {
    super(`stream ${streamId} is at ${describeVersion(actual)}, expected ${describeVersion(expected)}`)
    this.streamId = streamId
    this.expected = expected
    this.actual = actual
  }
}

function describeVersion(version: ExpectedVersion): string {
  return version === 'no_stream' ? 'no stream' : `version ${version}`
}
