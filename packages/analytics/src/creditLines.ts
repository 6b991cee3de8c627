import { attributionModels, creditDeal, defaultAttributionOptions, type DealCredit } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { loadDealJourneys, type DealJourney } from './journeys.ts'
import { toClickHouseTime, type PositionedEvent, type Row } from './rows.ts'

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
 * The credit_lines rows of each journey under every rule-based model: a line for the pipeline on the creation day,
 * one for the revenue on the win day if the deal is won, and a tombstone on every other day the deal's events name,
 * where an earlier computation may have put it. Pure, so a recomputation writes the very same rows.
 */
export function creditLineRows(journeys: readonly DealJourney[], daysOf: ReadonlyMap<string, DealDays>, version: number): Row[] {
  const rows: Row[] = []
  for (const journey of journeys) {
    const { deal, dealId } = journey
    const createdDay = dayOf(deal.createdAt)
    const wonDay = deal.wonAt === undefined ? undefined : dayOf(deal.wonAt)
    const days = daysOf.get(dealId) ?? { created: [], won: [] }
    const amounts = { pipelineCents: journey.amountCents, revenueCents: journey.wonAmountCents }
    for (const model of attributionModels) {
      const credits = creditDeal(model, deal, journey.touches, amounts, defaultAttributionOptions)
      const line = (kind: CreditKind, day: string, at: number, amountCents: number, cents: number[]): Row => ({
        model,
        kind,
        day,
        deal_id: dealId,
        at: toClickHouseTime(new Date(at).toISOString()),
        amount_cents: amountCents,
        touchpoint_ids: column(credits, 'touchId'),
        campaign_ids: column(credits, 'campaignId'),
        channels: column(credits, 'channel'),
        share_parts: column(credits, 'shareParts'),
        cents,
        version,
        is_deleted: 0,
      })
      const tombstone = (kind: CreditKind, day: string): Row => ({ ...emptyLine, model, kind, day, deal_id: dealId, version, is_deleted: 1 })
      rows.push(line('created', createdDay, deal.createdAt, journey.amountCents, column(credits, 'pipelineCents')))
      if (deal.wonAt !== undefined && wonDay !== undefined) {
        rows.push(line('won', wonDay, deal.wonAt, journey.wonAmountCents, column(credits, 'revenueCents')))
      }
      for (const day of days.created) if (day !== createdDay) rows.push(tombstone('created', day))
      for (const day of days.won) if (day !== wonDay) rows.push(tombstone('won', day))
    }
  }
  return rows
}

const column = <K extends keyof DealCredit>(credits: readonly DealCredit[], key: K): DealCredit[K][] => credits.map((credit) => credit[key])

const emptyLine = {
  at: '1970-01-01 00:00:00.000',
  amount_cents: 0,
  touchpoint_ids: [],
  campaign_ids: [],
  channels: [],
  share_parts: [],
  cents: [],
}

/** The (kind, day) pairs the lines of these deals can be on. */
export function creditDaysOf(daysOf: ReadonlyMap<string, DealDays>): CreditDay[] {
  const keys = new Set<string>()
  for (const { created, won } of daysOf.values()) {
    for (const day of created) keys.add(`created ${day}`)
    for (const day of won) keys.add(`won ${day}`)
  }
  return [...keys].sort().map((key) => {
    const [kind, day] = key.split(' ') as [CreditKind, string]
    return { kind, day }
  })
}

/** The days of every created and won event of each deal, from the facts (which only ever grow). */
export async function loadDealDays(clickhouse: ClickHouse, dealIds: readonly string[]): Promise<Map<string, DealDays>> {
  const result = await clickhouse.client.query({
    query: `
      SELECT deal_id,
             arraySort(groupUniqArrayIf(toString(toDate32(occurred_at)), kind = 'created')) AS created,
             arraySort(groupUniqArrayIf(toString(toDate32(occurred_at)), kind = 'won')) AS won
      FROM ${clickhouse.table('deal_events')}
      WHERE deal_id IN {dealIds:Array(String)} AND kind IN ('created', 'won')
      GROUP BY deal_id`,
    query_params: { dealIds },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ deal_id: string; created: string[]; won: string[] }>()
  return new Map(rows.map((row) => [row.deal_id, { created: row.created, won: row.won }]))
}

/**
 * Deals whose credits a batch of events can change: the deals it names, and every deal that has (or had) as a contact
 * a person the batch touches, directly or through an anonymous id linked to them (earlier or in this batch). Read from
 * the facts rather than the current-state views: a superset costs a few recomputations, a full view costs a scan.
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
        SELECT DISTINCT deal_id FROM ${t('deal_events')} ARRAY JOIN contact_ids AS contact
        WHERE contact IN {personIds:Array(String)}
           OR contact IN (SELECT person_id FROM ${t('identity_links')} WHERE anonymous_id IN {anonymousIds:Array(String)})`,
      query_params: { personIds: [...personIds], anonymousIds: [...anonymousIds] },
      format: 'JSONCompactEachRow',
    })
    for (const [dealId] of await result.json<[string]>()) dealIds.add(dealId)
  }
  return [...dealIds].sort()
}

/**
 * Writes the credit lines of these deals, then recomputes every day they are or were on (unless `sumDays` is false,
 * for a rebuild that sums all days once at the end). Returns the deals written.
 */
export async function writeDealCredits(
  clickhouse: ClickHouse,
  dealIds: readonly string[],
  version: number,
  { sumDays = true }: { sumDays?: boolean } = {},
): Promise<number> {
  if (dealIds.length === 0) return 0
  const [journeys, daysOf] = await Promise.all([
    loadDealJourneys(clickhouse, { dealIds }, defaultAttributionOptions.lookbackDays),
    loadDealDays(clickhouse, dealIds),
  ])
  const rows = creditLineRows(journeys, daysOf, version)
  if (rows.length > 0) await clickhouse.client.insert({ table: clickhouse.table('credit_lines'), values: rows, format: 'JSONEachRow' })
  if (sumDays) await refreshCreditDays(clickhouse, creditDaysOf(daysOf), version)
  return journeys.length
}

/** Recomputes and stores the credits of every deal a batch affects. Returns how many deals were recomputed. */
export async function refreshDealCredits(clickhouse: ClickHouse, events: readonly PositionedEvent[], version: number): Promise<number> {
  return writeDealCredits(clickhouse, await affectedDeals(clickhouse, events), version)
}

/**
 * Recomputes whole days of credit_days from their lines, for every model. A requested day without lines is written
 * empty, so a day whose last deal moved away stops counting it.
 */
export async function refreshCreditDays(clickhouse: ClickHouse, days: readonly CreditDay[] | 'all', version: number): Promise<void> {
  if (days !== 'all' && days.length === 0) return
  const t = clickhouse.table
  const requested =
    days === 'all'
      ? `SELECT DISTINCT model, kind, day FROM ${t('credit_lines')}`
      : `SELECT model, requested.1 AS kind, requested.2 AS day
         FROM (SELECT arrayJoin({models:Array(String)}) AS model) AS models
         CROSS JOIN (SELECT arrayJoin(arrayZip({kinds:Array(String)}, {days:Array(Date32)})) AS requested) AS pairs`
  await clickhouse.client.command({
    query: `
      INSERT INTO ${t('credit_days')}
      WITH requested_days AS (${requested}),
      lines AS (
        SELECT model, kind, day, touchpoint_ids, campaign_ids, channels, share_parts, cents, amount_cents
        FROM ${t('credit_lines')} FINAL
        WHERE (model, kind, day) IN (SELECT model, kind, day FROM requested_days) AND NOT is_deleted
      ),
      day_deals AS (
        SELECT model, kind, day, count() AS deal_count, countIf(empty(touchpoint_ids)) AS unattributed_count,
               sumIf(amount_cents, empty(touchpoint_ids)) AS unattributed_sum
        FROM lines GROUP BY model, kind, day
      ),
      day_pairs AS (
        -- Sorted, so that the same lines always give the same row.
        SELECT model, kind, day, arraySort(groupArray((pair_campaign, pair_channel, pair_parts, pair_cents))) AS pairs
        FROM (
          SELECT model, kind, day, line_campaign AS pair_campaign, line_channel AS pair_channel,
                 sum(line_parts) AS pair_parts, sum(line_cents) AS pair_cents
          FROM lines
          ARRAY JOIN campaign_ids AS line_campaign, channels AS line_channel, share_parts AS line_parts, cents AS line_cents
          GROUP BY model, kind, day, line_campaign, line_channel
        )
        GROUP BY model, kind, day
      )
      SELECT r.model, r.kind, r.day, d.deal_count, d.unattributed_count, d.unattributed_sum,
             arrayMap(pair -> pair.1, p.pairs), arrayMap(pair -> pair.2, p.pairs),
             arrayMap(pair -> pair.3, p.pairs), arrayMap(pair -> pair.4, p.pairs),
             {version:UInt64}
      FROM requested_days AS r
      LEFT JOIN day_deals AS d ON d.model = r.model AND d.kind = r.kind AND d.day = r.day
      LEFT JOIN day_pairs AS p ON p.model = r.model AND p.kind = r.kind AND p.day = r.day
      SETTINGS join_use_nulls = 0`,
    query_params: {
      models: [...attributionModels],
      kinds: days === 'all' ? [] : days.map(({ kind }) => kind),
      days: days === 'all' ? [] : days.map(({ day }) => day),
      version,
    },
  })
}
