import { clickHouseTimeOf, selectRows, type ClickHouse } from '@attribution/clickhouse'

export type QuarantineState = 'quarantined' | 'retry_requested' | 'reapplied'

/** An event a projection could not apply, set aside with the reason (quarantined_events, migration 017). */
export interface QuarantinedEvent {
  projection: string
  eventId: string
  eventType: string
  /** Where the event is read again for a retry. */
  streamId: string
  streamVersion: number
  position: { commit: bigint; prepare: bigint }
  /** Business time as the event carries it. */
  occurredAt: string
  /** The first line of the error, without the data it was about. */
  error: string
  state: QuarantineState
  /** Applications that failed. */
  attempts: number
  quarantinedAt: number
  updatedAt: number
}

/** Each update of an event's row gets a later updated_at than the one before, so the newest revision always wins. */
let lastUpdate = 0
const nextUpdateTime = (): number => (lastUpdate = Math.max(Date.now(), lastUpdate + 1))

export async function saveQuarantined(clickhouse: ClickHouse, events: readonly QuarantinedEvent[]): Promise<void> {
  if (events.length === 0) return
  const updatedAt = nextUpdateTime()
  await clickhouse.client.insert({
    table: clickhouse.table('quarantined_events'),
    values: events.map((event) => ({
      projection_name: event.projection,
      event_id: event.eventId,
      event_type: event.eventType,
      stream_id: event.streamId,
      stream_version: event.streamVersion,
      commit_position: event.position.commit.toString(),
      prepare_position: event.position.prepare.toString(),
      occurred_at: event.occurredAt,
      error: event.error,
      state: event.state,
      attempts: event.attempts,
      quarantined_at: clickHouseTimeOf(event.quarantinedAt),
      updated_at: clickHouseTimeOf(updatedAt),
    })),
    format: 'JSONEachRow',
  })
}

interface QuarantineRow {
  projection_name: string
  event_id: string
  event_type: string
  stream_id: string
  stream_version: string | number
  commit_position: string
  prepare_position: string
  occurred_at: string
  error: string
  state: QuarantineState
  attempts: string | number
  quarantined_ms: string | number
  updated_ms: string | number
}

export interface QuarantineFilter {
  projection: string
  states?: readonly QuarantineState[]
  eventIds?: readonly string[]
  /** At most this many, oldest in the log first. */
  limit?: number
}

export async function loadQuarantined(clickhouse: ClickHouse, filter: QuarantineFilter): Promise<QuarantinedEvent[]> {
  const rows = await selectRows<QuarantineRow>(
    clickhouse,
    `SELECT projection_name, event_id, event_type, stream_id, stream_version, toString(commit_position) AS commit_position,
            toString(prepare_position) AS prepare_position, occurred_at, error, state, attempts,
            toUnixTimestamp64Milli(quarantined_at) AS quarantined_ms, toUnixTimestamp64Milli(updated_at) AS updated_ms
     FROM ${clickhouse.table('quarantined_events')} FINAL
     WHERE projection_name = {projection:String}
       AND (empty({states:Array(String)}) OR state IN {states:Array(String)})
       AND (empty({eventIds:Array(String)}) OR event_id IN {eventIds:Array(String)})
     ORDER BY commit_position, prepare_position
     LIMIT {limit:UInt32}`,
    { projection: filter.projection, states: filter.states ?? [], eventIds: filter.eventIds ?? [], limit: filter.limit ?? 1_000 },
  )
  return rows.map((row) => ({
    projection: row.projection_name,
    eventId: row.event_id,
    eventType: row.event_type,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) },
    occurredAt: row.occurred_at,
    error: row.error,
    state: row.state,
    attempts: Number(row.attempts),
    quarantinedAt: Number(row.quarantined_ms),
    updatedAt: Number(row.updated_ms),
  }))
}

/** How many events of a projection are set aside, and how many of those wait for a retry. */
export async function countQuarantined(clickhouse: ClickHouse, projection: string): Promise<{ quarantined: number; retryRequested: number }> {
  const [row] = await selectRows<{ quarantined: string | number; retry_requested: string | number }>(
    clickhouse,
    `SELECT countIf(state != 'reapplied') AS quarantined, countIf(state = 'retry_requested') AS retry_requested
     FROM ${clickhouse.table('quarantined_events')} FINAL WHERE projection_name = {projection:String}`,
    { projection },
  )
  return { quarantined: Number(row?.quarantined ?? 0), retryRequested: Number(row?.retry_requested ?? 0) }
}

/**
 * Asks the projector to apply quarantined events again (all of them, or those named): it picks the request up within
 * seconds. Returns the events that will be retried.
 */
export async function requestRetry(clickhouse: ClickHouse, projection: string, eventIds?: readonly string[]): Promise<QuarantinedEvent[]> {
  const waiting = await loadQuarantined(clickhouse, {
    projection,
    states: ['quarantined'],
    ...(eventIds ? { eventIds } : {}),
    limit: 100_000,
  })
  await saveQuarantined(clickhouse, waiting.map((event) => ({ ...event, state: 'retry_requested' })))
  return waiting
}
