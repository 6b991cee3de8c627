import type { DealJourney } from './journeys.ts'
import { clickHouseTimeOf, type Row } from '@attribution/clickhouse'

// Where the lines the projector keeps per deal go (credit_lines, journey_milestones): by the days that count.

/** A deal's pipeline counts on the day it was created, its revenue on the day it was won. */
export type CreditKind = 'created' | 'won'

/** One day of one kind: the unit credit_days is recomputed in. */
export interface CreditDay {
  kind: CreditKind
  /** YYYY-MM-DD, UTC. */
  day: string
}

/** Every day a deal's lines can ever have been on: the days of each of its created and won events. */
export interface DealDays {
  created: string[]
  won: string[]
}

export const dayOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10)

/**
 * Where a deal's lines go: one for its pipeline on its creation day, one for its revenue on its win day if won, and a
 * tombstone on every other day its events name, where an earlier computation may have put it. An amount in another
 * currency with no rate in effect yet is summed nowhere (it is listed as unconverted), so its day gets a tombstone too,
 * until a rate arrives and restates it. `content` gives each line's own columns.
 */
export function dealLines(
  journey: DealJourney,
  daysOf: ReadonlyMap<string, DealDays>,
  version: number,
  content: (kind: CreditKind, deleted: boolean) => Row,
): Row[] {
  const { deal, dealId } = journey
  const days = daysOf.get(dealId) ?? { created: [], won: [] }
  const line = (kind: CreditKind, day: string, at: number, amountCents: number, deleted = false): Row => ({
    kind,
    day,
    deal_id: dealId,
    at: clickHouseTimeOf(at),
    amount_cents: amountCents,
    version,
    is_deleted: deleted ? 1 : 0,
    // Last: a property added after a spread costs V8 a slow path (docs/architecture.md, "Code on the per-event path").
    ...content(kind, deleted),
  })
  const createdDay = dayOf(deal.createdAt)
  const wonDay = deal.wonAt === undefined ? undefined : dayOf(deal.wonAt)
  const createdLive = journey.pipeline.cents !== undefined
  const wonLive = journey.revenue.cents !== undefined
  const lines = [createdLive ? line('created', createdDay, deal.createdAt, journey.amountCents) : line('created', createdDay, 0, 0, true)]
  if (deal.wonAt !== undefined && wonDay !== undefined) {
    lines.push(wonLive ? line('won', wonDay, deal.wonAt, journey.wonAmountCents) : line('won', wonDay, 0, 0, true))
  }
  for (const day of days.created) if (day !== createdDay) lines.push(line('created', day, 0, 0, true))
  for (const day of days.won) if (day !== wonDay) lines.push(line('won', day, 0, 0, true))
  return lines
}
