import { attributionModels, creditDeal, defaultAttributionOptions, type DealCredit } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { loadDealJourneys, type DealJourney } from './journeys.ts'
import { toClickHouseTime, type PositionedEvent, type Row } from './rows.ts'

/** One deal_credits row per model for each journey: pure, so a recomputation writes the very same rows. */
export function dealCreditRows(journeys: readonly DealJourney[]): Row[] {
  return journeys.flatMap((journey) =>
    attributionModels.map((model): Row => {
      const amounts = { pipelineCents: journey.amountCents, revenueCents: journey.wonAmountCents }
      const credits = creditDeal(model, journey.deal, journey.touches, amounts, defaultAttributionOptions)
      const column = <K extends keyof DealCredit>(key: K) => credits.map((credit) => credit[key])
      return {
        model,
        deal_id: journey.dealId,
        created_at: toClickHouseTime(new Date(journey.deal.createdAt).toISOString()),
        won_at: journey.deal.wonAt === undefined ? null : toClickHouseTime(new Date(journey.deal.wonAt).toISOString()),
        amount_cents: journey.amountCents,
        won_amount_cents: journey.wonAmountCents,
        touchpoint_ids: column('touchId'),
        campaign_ids: column('campaignId'),
        channels: column('channel'),
        share_parts: column('shareParts'),
        pipeline_cents: column('pipelineCents'),
        revenue_cents: column('revenueCents'),
      }
    }),
  )
}

/**
 * Deals whose credits a batch of events can change: the deals it names, and the deals of every person it touches,
 * directly or through an anonymous id linked to them (earlier or in this batch).
 */
export async function affectedDeals(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<string[]> {
  const dealIds = new Set<string>()
  const personIds = new Set<string>()
  const anonymousIds = new Set<string>()
  for (const { event } of events) {
    if (event.type === 'touchpoint.recorded') {
      if (event.data.personId) personIds.add(event.data.personId)
      else if (event.data.anonymousId) anonymousIds.add(event.data.anonymousId)
    } else if (event.type === 'identity.linked') {
      personIds.add(event.data.personId)
    } else if (event.type.startsWith('deal.')) {
      dealIds.add((event.data as { dealId: string }).dealId)
    }
  }
  if (personIds.size > 0 || anonymousIds.size > 0) {
    const t = clickhouse.table
    const result = await clickhouse.client.query({
      query: `
        SELECT DISTINCT deal_id FROM ${t('deals')} ARRAY JOIN contact_ids AS contact
        WHERE contact IN {personIds:Array(String)}
           OR contact IN (SELECT person_id FROM ${t('identity_map')} WHERE anonymous_id IN {anonymousIds:Array(String)})`,
      query_params: { personIds: [...personIds], anonymousIds: [...anonymousIds] },
      format: 'JSONEachRow',
    })
    for (const row of await result.json<{ deal_id: string }>()) dealIds.add(row.deal_id)
  }
  return [...dealIds].sort()
}

/** Recomputes and stores the credits of every deal a batch affects. Returns how many deals were recomputed. */
export async function refreshDealCredits(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<number> {
  const dealIds = await affectedDeals(clickhouse, events)
  const journeys = await loadDealJourneys(clickhouse, { dealIds }, defaultAttributionOptions.lookbackDays)
  if (journeys.length === 0) return 0
  await clickhouse.client.insert({ table: clickhouse.table('deal_credits'), values: dealCreditRows(journeys), format: 'JSONEachRow' })
  return journeys.length
}
