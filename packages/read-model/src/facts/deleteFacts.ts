import { deleteWhere, type ClickHouse } from '@attribution/clickhouse'
import type { PositionedEvent } from '../projection/positionedEvent.ts'
import { rowsOf } from './rows.ts'

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
