import type { Event } from '@attribution/contracts'
import { planAppend, streamsOfAppend, type PlannedEvent } from './appendPlan.ts'
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalPosition,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from './eventStore.ts'
import { parsePosition } from './position.ts'
import { sqlStateOf, type SqlExecutor, type SqlQueryable } from './sqlExecutor.ts'
import { sqlStatements, type SqlStatements } from './sqlStatements.ts'
import { pollingSubscription } from './subscription.ts'

export const defaultSchema = 'attribution'

/**
 * Unique violations happen when another appender stored one of our event ids in a stream we did not lock (a reused id
 * on a different entity); deadlocks when two such appenders wait on each other's ids. Either way a fresh attempt sees
 * the other batch committed and reports those ids as duplicates.
 */
const retryableSqlStates = new Set(['23505', '40P01'])
const maxAppendAttempts = 10

/** An event as a page of the log holds it (sqlStatements.ts): the fields in this order, positions as text. */
type EventTuple = [
  commit: string,
  prepare: string,
  streamId: string,
  streamVersion: number,
  eventId: string,
  type: string,
  source: string | null,
  occurredAt: string,
  data: unknown,
  recordedAt: string,
]

export interface SqlEventStoreOptions {
  schema?: string
  /**
   * Refresh the planner's statistics as the log grows. PGlite runs no autovacuum, and without statistics the planner
   * reads a page of the log with a bitmap scan and an on-disk sort instead of walking the (transaction_id, position)
   * index: twice as slow. A PostgreSQL server's autovacuum does this itself.
   */
  analyzeAsItGrows?: boolean
  /** Subscriptions read the next page of the log while a full one is handled (`pollingSubscription`): a server only. */
  readAhead?: boolean
}

/** Appended events after which statistics are first refreshed; then again each time the count doubles. */
const firstAnalyzeAfter = 20_000

/** The event store over any PostgreSQL-speaking executor: the one implementation behind the pg and PGlite adapters. */
export class SqlEventStore implements EventStore {
  private readonly executor: SqlExecutor
  private readonly sql: SqlStatements
  /** Prefixes advisory lock keys, so stores in different schemas of one database never contend. */
  private readonly lockNamespace: string
  private appendedSinceOpen = 0
  private nextAnalyzeAt: number

  private readonly readAhead: boolean

  private constructor(executor: SqlExecutor, schema: string, options: SqlEventStoreOptions) {
    this.executor = executor
    this.sql = sqlStatements(schema)
    this.lockNamespace = `${schema}/`
    this.nextAnalyzeAt = options.analyzeAsItGrows ? firstAnalyzeAfter : Number.POSITIVE_INFINITY
    this.readAhead = options.readAhead ?? false
  }

  /** Creates the schema if needed. The store owns the executor from here on and closes it in `close()`. */
  static async open(executor: SqlExecutor, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    const store = new SqlEventStore(executor, options.schema ?? defaultSchema, options)
    try {
      await executor.exec(store.sql.createSchema)
    } catch (error) {
      await executor.close()
      throw error
    }
    return store
  }

  async append(events: Event[], options: AppendOptions = {}): Promise<AppendResult> {
    if (events.length === 0) return { appended: 0, duplicates: [] }
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.executor.transaction((tx) => this.appendOnce(tx, events, options))
        await this.analyzeIfGrown(result.appended)
        return result
      } catch (error) {
        const state = sqlStateOf(error)
        if (state === undefined || !retryableSqlStates.has(state) || attempt >= maxAppendAttempts) throw error
      }
    }
  }

  private async analyzeIfGrown(appended: number): Promise<void> {
    this.appendedSinceOpen += appended
    if (this.appendedSinceOpen < this.nextAnalyzeAt) return
    this.nextAnalyzeAt = this.appendedSinceOpen * 2
    await this.executor.exec(this.sql.analyze)
  }

  async readAll(after: GlobalPosition | null, limit: number): Promise<StoredEvent[]> {
    return after === null
      ? this.readPage(this.sql.readAllFromStart, [limit])
      : this.readPage(this.sql.readAllAfter, [...positionParams(after), limit])
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    return this.readPage(this.sql.readStream, [streamId])
  }

  private async readPage(statement: string, params: unknown[]): Promise<StoredEvent[]> {
    const [row] = await this.executor.query<{ page: string }>(statement, params)
    return (JSON.parse(row?.page ?? '[]') as EventTuple[]).map(toStoredEvent)
  }

  async head(): Promise<{ position: GlobalPosition | null; events: number }> {
    const [row] = await this.executor.query<{ events: string; last: string | null }>(this.sql.head)
    return { position: row?.last ? parsePosition(row.last) : null, events: Number(row?.events ?? 0) }
  }

  async countAfter(after: GlobalPosition | null): Promise<number> {
    const [row] =
      after === null
        ? await this.executor.query<{ events: string }>(this.sql.countAll)
        : await this.executor.query<{ events: string }>(this.sql.countAfter, positionParams(after))
    return Number(row?.events ?? 0)
  }

  subscribe(
    after: GlobalPosition | null,
    handler: (batch: StoredEvent[]) => Promise<void>,
    options: SubscribeOptions = {},
  ): Subscription {
    return pollingSubscription((from, limit) => this.readAll(from, limit), after, handler, options, { readAhead: this.readAhead })
  }

  close(): Promise<void> {
    return this.executor.close()
  }

  /**
   * One attempt, inside a transaction: lock the batch's streams, then read which ids are stored and where each stream
   * is. Under the locks nobody else appends to these streams, so the versions we assign stay free until we commit.
   */
  private async appendOnce(tx: SqlQueryable, events: Event[], options: AppendOptions): Promise<AppendResult> {
    const streamIds = streamsOfAppend(events, options.expectedVersions)
    await tx.query(this.sql.lockStreams, [this.lockNamespace, streamIds])
    const stored = await tx.query<{ event_id: string }>(this.sql.storedEventIds, [events.map((e) => e.eventId)])
    const versions = await tx.query<{ stream_id: string; version: number }>(this.sql.streamVersions, [streamIds])
    const plan = planAppend(
      events,
      {
        storedEventIds: new Set(stored.map((row) => row.event_id)),
        streamVersions: new Map(versions.map((row) => [row.stream_id, row.version])),
      },
      options.expectedVersions,
    )
    if (plan.toStore.length > 0) await tx.query(this.sql.insert, insertParams(plan.toStore))
    return { appended: plan.toStore.length, duplicates: plan.duplicates }
  }
}

function positionParams(position: GlobalPosition): [string, string] {
  return [position.commit.toString(), position.prepare.toString()]
}

/** The batch as the insert statement reads it (sqlStatements.ts). */
function insertParams(planned: PlannedEvent[]): unknown[] {
  const rows = planned.map(({ event, streamId, streamVersion }) => [
    event.eventId,
    streamId,
    streamVersion,
    event.type,
    event.source ?? null,
    event.occurredAt,
    event.data,
  ])
  return [JSON.stringify(rows)]
}

function toStoredEvent([commit, prepare, streamId, streamVersion, eventId, type, source, occurredAt, data, recordedAt]: EventTuple): StoredEvent {
  // Rebuilt field by field so an event appended without `source` comes back without the key, not with `undefined`.
  const event = (source === null ? { eventId, type, occurredAt, data } : { eventId, type, occurredAt, source, data }) as Event
  return { position: { commit: BigInt(commit), prepare: BigInt(prepare) }, streamId, streamVersion, recordedAt, event }
}
