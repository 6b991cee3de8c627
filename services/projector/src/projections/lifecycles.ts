import type { ClickHouse } from '@attribution/clickhouse'
import { refreshLeadLifecycles, type AttributeOpener } from '@attribution/read-model'
import type { EventType, Projection } from './projection.ts'

/**
 * Every person's lifecycle (stages, qualifications, handoffs) under each lead definition version that is active or being
 * replayed: the persons a batch concerns are found by key and recomputed from their facts (leads/leadLifecycles.ts).
 * Taking an event back recomputes them from facts without it.
 */
export function lifecyclesProjection(clickhouse: ClickHouse, opener?: AttributeOpener): Projection {
  const refresh = async (events: Parameters<Projection['apply']>[0], version: number) => {
    await refreshLeadLifecycles(clickhouse, events, version, opener)
  }
  return {
    name: 'lifecycles',
    handles: new Set<EventType>([
      'touchpoint.recorded',
      'identity.linked',
      'person.updated',
      'account.updated',
      'lead.handed_off',
      'lead.accepted',
      'lead.rejected',
      'sales.activity.logged',
      'deal.created',
      'deal.updated',
      'deal.won',
      'deal.lost',
    ]),
    tables: ['lead_lifecycles'],
    apply: refresh,
    takeBack: refresh,
  }
}
