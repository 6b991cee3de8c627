import type { ClickHouse } from '@attribution/clickhouse'
import { personsWithDerivedTouches, refreshLeadLifecycles, refreshLifecyclesOf, type AttributeOpener } from '@attribution/read-model'
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
  // Lead definitions match on channel and campaign: an activation of channel rules (the facts projection has switched
  // the touches before this stage runs) recomputes everyone with a derived touch, once, in the batch that applies it.
  const apply = async (events: Parameters<Projection['apply']>[0], version: number) => {
    await refresh(events, version)
    if (events.some(({ event }) => event.type === 'channel_rules.activated')) {
      await refreshLifecyclesOf(clickhouse, await personsWithDerivedTouches(clickhouse), version, opener)
    }
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
      'channel_rules.activated',
    ]),
    tables: ['lead_lifecycles'],
    apply,
    takeBack: refresh,
  }
}
