import type { ClickHouse } from './connection.ts'
import { rowsOf, type PositionedEvent, type Row, type TableRows } from './rows.ts'

/** Inserts each table's rows of one batch in a single insert (ClickHouse wants few, large inserts). */
export async function writeRows(clickhouse: ClickHouse, tables: TableRows): Promise<void> {
  for (const [table, rows] of tables) {
    if (rows.length === 0) continue
    await clickhouse.client.insert({ table: clickhouse.table(table), values: rows, format: 'JSONEachRow' })
  }
}

/** Rows as JSONCompactEachRow text: one column list, and a JSON array of values per row under it. */
export interface CompactRows {
  columns: string[]
  text: string
}

/**
 * Arrays under one column list, because ClickHouse reads them in about half the time of keyed objects. Every row must
 * list its keys in the same order, as rows built by one object literal do.
 */
export function compactRows(rows: readonly Row[]): CompactRows {
  return { columns: Object.keys(rows[0] ?? {}), text: rows.map((row) => JSON.stringify(Object.values(row))).join('\n') }
}

export async function insertCompact(clickhouse: ClickHouse, table: string, { columns, text }: CompactRows): Promise<void> {
  if (text === '') return
  // The text is in the format already, so it goes as the statement's data, not through the client's encoder (which
  // wants objects). ClickHouse reads the data after FORMAT as a stream, whatever its size.
  await clickhouse.client.command({
    query: `INSERT INTO ${clickhouse.table(table)} (${columns.join(', ')}) FORMAT JSONCompactEachRow\n${text}`,
  })
}

/**
 * Takes back the fact rows of events that were written and must not count (a quarantined event whose batch failed after
 * its facts were inserted). Only the rows the events themselves wrote go: an earlier event's row under the same key
 * (a touch corrected later, say) is visible again once the later one is deleted.
 */
export async function deleteFactsOf(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<void> {
  for (const positioned of events) {
    let mapped: ReturnType<typeof rowsOf>
    try {
      mapped = rowsOf(positioned)
    } catch {
      continue // rowsOf cannot map it, so no row of it was ever written
    }
    const [table, row] = mapped
    const byEvent = { eventId: positioned.event.eventId }
    await deleteWhere(clickhouse, table, 'event_id = {eventId:String}', byEvent)
    // Tables filled from the facts by materialized views, which a delete does not reach.
    for (const derived of derivedTables[table] ?? []) await deleteWhere(clickhouse, derived, 'event_id = {eventId:String}', byEvent)
    if (table === 'touchpoints') {
      const where = 'touchpoint_id = {touchpointId:String} AND position = {position:UInt64}'
      await deleteWhere(clickhouse, 'touch_costs', where, { touchpointId: row.touchpoint_id, position: row.position })
    }
  }
}

/** The lookup tables materialized views fill from each fact table (018_keyed_facts.sql), all keyed by event too. */
const derivedTables: Partial<Record<string, readonly string[]>> = {
  touchpoints: ['touches_by_person'],
  identity_links: ['links_by_person'],
  deal_events: ['deal_contacts'],
  person_updates: ['account_people'],
}

function deleteWhere(clickhouse: ClickHouse, table: string, where: string, params: Record<string, unknown>): Promise<unknown> {
  return clickhouse.client.command({
    query: `ALTER TABLE ${clickhouse.table(table)} DELETE WHERE ${where}`,
    query_params: params,
    clickhouse_settings: { mutations_sync: '1' },
  })
}
