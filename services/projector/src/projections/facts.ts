import { compactRows, insertCompact, type ClickHouse } from '@attribution/clickhouse'
import { eventTypes } from '@attribution/contracts'
import { deleteFactsOf } from '@attribution/read-model'
import type { Projection } from './projection.ts'
import { touchClassifications } from './touchClassifications.ts'

/**
 * Every event as its fact row (facts/rows.ts), raw touches classified under the active channel rules
 * (touchClassifications.ts), one insert per table; the lookup tables follow by materialized views.
 * Rows go as arrays under one column list (JSONCompactEachRow), which ClickHouse reads faster than keyed objects.
 */
export function factsProjection(clickhouse: ClickHouse): Projection {
  const touches = touchClassifications(clickhouse)
  return {
    name: 'facts',
    handles: new Set(eventTypes),
    tables: [
      'touchpoints',
      'identity_links',
      'person_updates',
      'account_updates',
      'campaign_updates',
      'campaign_costs',
      'lead_events',
      'deal_events',
      'exchange_rates',
      'lead_definitions',
      'lead_definition_activations',
      'custom_models',
      'channel_rule_sets',
      'channel_rules_activations',
      // Derived touches under the channel rules being replayed or replayed (touchClassifications.ts).
      'touch_channels',
      // Kept from the facts above by materialized views (009_touch_costs.sql, 018_keyed_facts.sql).
      'touch_costs',
      'touches_by_person',
      'links_by_person',
      'deal_contacts',
      'account_people',
    ],
    apply: async (events) => {
      for (const [table, rows] of await touches.rowsOf(events)) await insertCompact(clickhouse, table, compactRows(rows))
      await touches.keepCandidatesCurrent(events)
      await touches.switchOnActivation(events)
    },
    takeBack: async (events) => {
      await deleteFactsOf(clickhouse, events)
      await touches.takeBack(events)
    },
  }
}
