import { attributionModels, creditWeighted, defaultAttributionOptions, weighBySpec, type DealCredit, type ModelSpec } from '@attribution/domain'
import { clickHouseTimeOf, compactRows, insertCompact, selectRows, type ClickHouse, type Row } from '@attribution/clickhouse'
import { defaultReportingCurrency, latestTimeMs } from '@attribution/contracts'
import { restatedSpans, type RateSpan } from '../facts/exchangeRates.ts'
import { currencyMomentRows, dealConversionRows } from '../journeys/dealConversionRows.ts'
import { dealLines, type CreditDay, type CreditKind, type DealDays } from '../journeys/dealLines.ts'
import { journeyMilestoneRows } from '../journeys/journeyMilestones.ts'
import { loadDealJourneys, type DealJourney } from '../journeys/journeys.ts'
import type { CreditSumKeeper } from './creditSumKeeper.ts'
import type { PositionedEvent } from '../projection/positionedEvent.ts'
import { touchVersions } from '../facts/touchVersions.ts'

/**
 * A model whose credits the projector keeps: its name in credit_lines and what weighs a journey under it. The
 * rule-based models are named as they are asked for; a trained model's name also names its training
 * (trainedModels.ts), so two trainings' credits never mix.
 */
export interface CreditModel {
  key: string
  spec: ModelSpec
}

export const ruleCreditModels: readonly CreditModel[] = attributionModels.map((model) => ({ key: model, spec: { kind: 'rule', model } }))

/** Deletes every line and sum kept under these model keys: a retired training's, or a saved model's older weights'. */
export async function deleteCredits(clickhouse: ClickHouse, keys: readonly string[]): Promise<void> {
  for (const table of ['credit_lines', 'credit_days', 'credit_months']) {
    await clickhouse.client.command({
      query: `ALTER TABLE ${clickhouse.table(table)} DELETE WHERE model IN {keys:Array(String)}`,
      query_params: { keys },
      clickhouse_settings: { mutations_sync: '1' },
    })
  }
}

/**
 * The credit_lines rows of each journey under every model given, on the days dealLines puts them. Pure, so a
 * recomputation writes the very same rows.
 */
export function creditLineRows(
  journeys: readonly DealJourney[],
  daysOf: ReadonlyMap<string, DealDays>,
  version: number,
  models: readonly CreditModel[] = ruleCreditModels,
): Row[] {
  return journeys.flatMap((journey) => {
    const amounts = { pipelineCents: journey.amountCents, revenueCents: journey.wonAmountCents }
    return models.flatMap(({ key, spec }) => {
      const credits = creditWeighted(weighBySpec(spec, journey.deal, journey.touches, defaultAttributionOptions), amounts)
      return dealLines(journey, daysOf, version, (kind, deleted) => ({
        model: key,
        touchpoint_ids: deleted ? [] : column(credits, 'touchId'),
        campaign_ids: deleted ? [] : column(credits, 'campaignId'),
        channels: deleted ? [] : column(credits, 'channel'),
        share_parts: deleted ? [] : column(credits, 'shareParts'),
        cents: deleted ? [] : column(credits, kind === 'created' ? 'pipelineCents' : 'revenueCents'),
      }))
    })
  })
}

const column = <K extends keyof DealCredit>(credits: readonly DealCredit[], key: K): DealCredit[K][] => credits.map((credit) => credit[key])

/** The (kind, day) pairs the lines of these deals can be on. */
export function creditDaysOf(daysOf: ReadonlyMap<string, DealDays>): CreditDay[] {
  return distinctDays(
    [...daysOf.values()].flatMap(({ created, won }) => [
      ...created.map((day) => ({ kind: 'created' as const, day })),
      ...won.map((day) => ({ kind: 'won' as const, day })),
    ]),
  )
}

/** Each (kind, day) once, in order. */
function distinctDays(days: readonly CreditDay[]): CreditDay[] {
  const byKey = new Map(days.map((day) => [`${day.kind} ${day.day}`, day]))
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as CreditDay)
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
 * Deals whose credits a batch of events can change: the deals it names, and the deals of the people it touches whose
 * journeys the touch falls in. A journey runs from the lookback before the deal's creation to its creation or win, so
 * a customer's touch today leaves the journeys of its earlier deals alone, and most live touches change no deal at all;
 * a touch imported late is still found. An identity link stitches touches of any time, so it names every deal of its
 * person. A touch re-sent under another person or time also names the deals its earlier versions were in. Read from
 * the facts by key rather than from the current-state views: a superset costs a few recomputations, a full view a scan.
 */
export async function affectedDeals(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<string[]> {
  const dealIds = new Set<string>()
  const touchTimes = new Map<string, number[]>()
  const anonymousTouchTimes = new Map<string, number[]>()
  const linkedPersons = new Set<string>()
  const rates: { currency: string; atMs: number }[] = []
  for (const { event } of events) {
    if (event.type === 'exchange_rate.recorded') {
      rates.push({ currency: event.data.currency, atMs: Date.parse(event.occurredAt) })
    } else if (event.type === 'touchpoint.recorded') {
      if (event.data.personId) appendTimes(touchTimes, event.data.personId, [Date.parse(event.occurredAt)])
      else if (event.data.anonymousId) appendTimes(anonymousTouchTimes, event.data.anonymousId, [Date.parse(event.occurredAt)])
    } else if (event.type === 'identity.linked') {
      linkedPersons.add(event.data.personId)
    } else if (event.type.startsWith('deal.')) {
      dealIds.add((event.data as { dealId: string }).dealId)
    }
  }
  for (const version of await touchVersions(clickhouse, events)) {
    if (version.personId) appendTimes(touchTimes, version.personId, [version.occurredAtMs])
    else if (version.anonymousId) appendTimes(anonymousTouchTimes, version.anonymousId, [version.occurredAtMs])
  }
  for (const [personId, times] of await linkedTouchTimes(clickhouse, anonymousTouchTimes)) appendTimes(touchTimes, personId, times)
  // The lookback the credits are computed with (creditLinesOf).
  const lookbackMs = defaultAttributionOptions.lookbackDays * 86_400_000
  const inJourney = (span: DealSpan) => (contact: string) =>
    linkedPersons.has(contact) || (touchTimes.get(contact) ?? []).some((at) => at >= span.startsMs - lookbackMs && at <= span.endsMs)
  for (const span of await dealSpansOf(clickhouse, [...touchTimes.keys(), ...linkedPersons])) {
    if (span.contacts.some(inJourney(span))) dealIds.add(span.dealId)
  }
  for (const dealId of await dealsConvertedIn(clickhouse, await restatedSpans(clickhouse, rates))) dealIds.add(dealId)
  return [...dealIds].sort()
}

/**
 * The deals with an amount converted (or waiting to be) at a moment in these spans of their currencies' timelines: the
 * deals a rate recorded or taken back restates, each span one range of currency_moments.
 */
async function dealsConvertedIn(clickhouse: ClickHouse, spans: readonly RateSpan[]): Promise<string[]> {
  if (spans.length === 0) return []
  const params: Record<string, string> = {}
  const ranges = spans.map((span, index) => {
    params[`c${index}`] = span.currency
    params[`f${index}`] = clickHouseTimeOf(span.fromMs)
    params[`t${index}`] = clickHouseTimeOf(span.toMs ?? latestTimeMs + 1)
    return `(currency = {c${index}:String} AND at >= {f${index}:DateTime64(3, 'UTC')} AND at < {t${index}:DateTime64(3, 'UTC')})`
  })
  const rows = await selectRows<{ deal_id: string }>(
    clickhouse,
    `SELECT DISTINCT deal_id FROM ${clickhouse.table('currency_moments')} WHERE ${ranges.join(' OR ')}`,
    params,
  )
  return rows.map((row) => row.deal_id)
}

/** The touch times of anonymous ids, by the person each was linked to before this batch. */
async function linkedTouchTimes(clickhouse: ClickHouse, anonymousTouchTimes: ReadonlyMap<string, number[]>): Promise<Map<string, number[]>> {
  const byPerson = new Map<string, number[]>()
  if (anonymousTouchTimes.size === 0) return byPerson
  const links = await selectRows<{ anonymous_id: string; person_id: string }>(
    clickhouse,
    `SELECT DISTINCT anonymous_id, person_id FROM ${clickhouse.table('identity_links')} WHERE anonymous_id IN {anonymousIds:Array(String)}`,
    { anonymousIds: [...anonymousTouchTimes.keys()] },
  )
  for (const link of links) appendTimes(byPerson, link.person_id, anonymousTouchTimes.get(link.anonymous_id) ?? [])
  return byPerson
}

function appendTimes(times: Map<string, number[]>, key: string, more: readonly number[]): void {
  const known = times.get(key)
  if (known) known.push(...more)
  else times.set(key, [...more])
}

/**
 * A deal with everyone who is or was its contact, and the widest span its journey can have had before the lookback:
 * from its first creation to its last creation or win (a deal not created yet starts at the epoch).
 */
interface DealSpan {
  dealId: string
  contacts: string[]
  startsMs: number
  endsMs: number
}

/** The deals these people are or were contacts of. */
async function dealSpansOf(clickhouse: ClickHouse, personIds: readonly string[]): Promise<DealSpan[]> {
  if (personIds.length === 0) return []
  const t = clickhouse.table
  const rows = await selectRows<{ deal_id: string; contacts: string[]; starts_ms: string | number; ends_ms: string | number }>(
    clickhouse,
    `SELECT deal_id, groupUniqArrayArray(contact_ids) AS contacts,
            toUnixTimestamp64Milli(minIf(occurred_at, kind = 'created')) AS starts_ms,
            toUnixTimestamp64Milli(maxIf(occurred_at, kind IN ('created', 'won'))) AS ends_ms
     FROM ${t('deal_events')}
     WHERE deal_id IN (SELECT deal_id FROM ${t('deal_contacts')} WHERE contact_id IN {personIds:Array(String)})
     GROUP BY deal_id`,
    { personIds },
  )
  return rows.map((row) => ({ dealId: row.deal_id, contacts: row.contacts, startsMs: Number(row.starts_ms), endsMs: Number(row.ends_ms) }))
}

/**
 * The credit lines of some deals, their journey milestones if asked for, their conversions from another currency
 * (deal_conversions, currency_moments), and the days they are or were on.
 */
export interface DealCreditLines {
  rows: Row[]
  milestones: Row[]
  conversions: Row[]
  moments: Row[]
  days: CreditDay[]
  deals: number
}

/** Loads the journeys and days of these deals and builds their lines under these models (and their milestones). */
export async function creditLinesOf(
  clickhouse: ClickHouse,
  dealIds: readonly string[],
  version: number,
  models: readonly CreditModel[] = ruleCreditModels,
  { milestones = false, reportingCurrency = defaultReportingCurrency } = {},
): Promise<DealCreditLines> {
  const [journeys, daysOf] = await Promise.all([
    loadDealJourneys(clickhouse, { dealIds }, defaultAttributionOptions.lookbackDays, { reportingCurrency }),
    loadDealDays(clickhouse, dealIds),
  ])
  return {
    rows: creditLineRows(journeys, daysOf, version, models),
    milestones: milestones ? journeyMilestoneRows(journeys, daysOf, version) : [],
    conversions: dealConversionRows(journeys, reportingCurrency, version),
    moments: currencyMomentRows(journeys, reportingCurrency),
    days: creditDaysOf(daysOf),
    deals: journeys.length,
  }
}

/** Every deal ever created, in id order: what a rebuild or a training steps through. */
export async function allDealIds(clickhouse: ClickHouse): Promise<string[]> {
  const result = await clickhouse.client.query({
    query: `SELECT DISTINCT deal_id FROM ${clickhouse.table('deal_events')} WHERE kind = 'created' ORDER BY deal_id`,
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string]>()).map(([dealId]) => dealId)
}

/**
 * Writes the credit lines of these deals that differ from the stored ones, then re-sums the days those are on. Most
 * deals a batch names keep their credits (a customer's new touch falls after the journeys of its won deals), and
 * re-summing a day costs every line of that day, so only the changes are written. The deals' journey milestones are
 * written too. Returns the deals recomputed.
 */
export async function writeDealCredits(
  clickhouse: ClickHouse,
  dealIds: readonly string[],
  version: number,
  models: readonly CreditModel[],
  sums: CreditSumKeeper,
  reportingCurrency: string = defaultReportingCurrency,
): Promise<number> {
  if (dealIds.length === 0) return 0
  const { rows, milestones, conversions, moments, days, deals } = await creditLinesOf(clickhouse, dealIds, version, models, {
    milestones: true,
    reportingCurrency,
  })
  const keys = models.map(({ key }) => key)
  const stored = await storedLines(clickhouse, dealIds, days, keys)
  const changed = rows.filter((row) => (row.is_deleted ? stored.has(lineKey(row)) : stored.get(lineKey(row)) !== lineContent(row)))
  await insertCompact(clickhouse, 'credit_lines', compactRows(changed))
  // Milestones are summed nowhere: a few hundred deals' are written whole.
  await insertCompact(clickhouse, 'journey_milestones', compactRows(milestones))
  // Moments before conversions: a rate recorded meanwhile finds the deal by its moment, whatever it then recomputes.
  await insertCompact(clickhouse, 'currency_moments', compactRows(moments))
  await insertCompact(clickhouse, 'deal_conversions', compactRows(conversions))
  // Only the days, and only the models, whose lines changed.
  const changedDays = new Map(changed.map((row) => [`${row.model} ${row.kind} ${row.day}`, { model: String(row.model), kind: row.kind as CreditKind, day: String(row.day) }]))
  await sums.sum(clickhouse, [...changedDays.values()], version)
  return deals
}

const lineKey = (row: Row): string => `${row.model} ${row.kind} ${row.day} ${row.deal_id}`
const lineContent = (row: Row): string =>
  JSON.stringify([row.at, row.amount_cents, row.touchpoint_ids, row.campaign_ids, row.channels, row.share_parts, row.cents])

/**
 * The live lines of these deals on these days, by key, with their content in lineContent's form. Not read with FINAL:
 * that would merge every line of those days, where the deals' own lines are a few in each. The newest version of each
 * of their lines is picked instead (two lines of one version hold the same content: both come from the same facts).
 */
async function storedLines(
  clickhouse: ClickHouse,
  dealIds: readonly string[],
  days: readonly CreditDay[],
  models: readonly string[],
): Promise<Map<string, string>> {
  const result = await clickhouse.client.query({
    query: `
      SELECT model, kind, toString(day) AS day, deal_id, toString(newest.1) AS at, newest.2 AS amount_cents,
             newest.3 AS touchpoint_ids, newest.4 AS campaign_ids, newest.5 AS channels, newest.6 AS share_parts,
             newest.7 AS cents
      FROM (
        SELECT model, kind, day, deal_id,
               argMax((at, amount_cents, touchpoint_ids, campaign_ids, channels, share_parts, cents, is_deleted), version) AS newest
        FROM ${clickhouse.table('credit_lines')}
        PREWHERE deal_id IN {dealIds:Array(String)}
        WHERE model IN {models:Array(String)}
          AND (kind, day) IN (SELECT arrayJoin(arrayZip({kinds:Array(String)}, {days:Array(Date32)})))
        GROUP BY model, kind, day, deal_id
      )
      WHERE NOT newest.8`,
    query_params: { models, dealIds, kinds: days.map(({ kind }) => kind), days: days.map(({ day }) => day) },
    // Plain numbers, as the rows built here hold them.
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    format: 'JSONEachRow',
  })
  const lines = await result.json<Row>()
  return new Map(lines.map((line) => [lineKey(line), lineContent(line)]))
}

/** Recomputes and stores the credits of every deal a batch affects. Returns how many deals were recomputed. */
export async function refreshDealCredits(
  clickhouse: ClickHouse,
  events: readonly PositionedEvent[],
  version: number,
  models: readonly CreditModel[],
  sums: CreditSumKeeper,
  reportingCurrency: string = defaultReportingCurrency,
): Promise<number> {
  return writeDealCredits(clickhouse, await affectedDeals(clickhouse, events), version, models, sums, reportingCurrency)
}
