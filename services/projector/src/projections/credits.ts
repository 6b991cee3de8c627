import type { ClickHouse } from '@attribution/clickhouse'
import { defaultReportingCurrency } from '@attribution/contracts'
import { CreditSumKeeper, refreshDealCredits, type CreditModel } from '@attribution/read-model'
import { rebuildCredits } from '../rebuildCredits.ts'
import type { EventType, Projection } from './projection.ts'

/**
 * The credits of every deal under every model kept (rule-based, trained, saved custom), their day and month sums,
 * every deal's journey milestones, and the conversions of deals in another currency than the reporting one: the deals
 * whose journeys or rates a batch changes are found by key and recomputed from the facts (credits/creditLines.ts).
 * Taking an event back recomputes them from facts without it.
 */
export function creditsProjection(
  clickhouse: ClickHouse,
  models: () => CreditModel[],
  reportingCurrency: string = defaultReportingCurrency,
): Projection {
  const sums = new CreditSumKeeper()
  const refresh = async (events: Parameters<Projection['apply']>[0], version: number) => {
    await refreshDealCredits(clickhouse, events, version, models(), sums, reportingCurrency)
  }
  // An activation of channel rules changes the campaign and channel of touches across all of history (the facts
  // projection has switched them before this stage runs): every deal is credited again from the facts, once, in the
  // batch that applies it, and the sums follow at the end, so answers from them move from one version to the other
  // at once. Rare (an administrator's decision), so no event's own cost depends on it.
  const apply = async (events: Parameters<Projection['apply']>[0], version: number) => {
    await refresh(events, version)
    if (events.some(({ event }) => event.type === 'channel_rules.activated')) {
      await rebuildCredits({ clickhouse, eventsProcessed: version, models: models(), milestones: true, reportingCurrency })
    }
  }
  return {
    name: 'credits',
    handles: new Set<EventType>([
      'touchpoint.recorded',
      'identity.linked',
      'deal.created',
      'deal.updated',
      'deal.won',
      'deal.lost',
      'exchange_rate.recorded',
      'channel_rules.activated',
    ]),
    tables: ['credit_lines', 'credit_days', 'credit_months', 'journey_milestones', 'deal_conversions', 'currency_moments'],
    apply,
    takeBack: refresh,
  }
}
