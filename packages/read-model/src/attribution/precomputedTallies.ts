import { attributionLevels, type AttributionLevel } from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import { dayOf } from '../journeys/dealLines.ts'
import { emptyTallies, tallyOf, type Tallies } from './tallies.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

const DAY_MS = 86_400_000

/**
 * How a window [from, to) splits into what is stored: whole months (credit_months), the whole days before and after
 * them (credit_days), and the at most two days it starts or ends within (credit_lines, filtered by the instant). Open
 * ends are midnights (windowParams), so a window of whole days has no partial ones. Ranges are [start, end) in days.
 */
export function windowParts(window: TimeWindow) {
  const bounds = windowParams(window)
  const fromMs = Date.parse(`${bounds.from.replace(' ', 'T')}Z`)
  const toMs = Date.parse(`${bounds.to.replace(' ', 'T')}Z`)
  const firstWholeDay = Math.ceil(fromMs / DAY_MS) * DAY_MS
  const endWholeDay = Math.max(firstWholeDay, Math.floor(toMs / DAY_MS) * DAY_MS)
  const monthStart = (ms: number) => Date.UTC(new Date(ms).getUTCFullYear(), new Date(ms).getUTCMonth(), 1)
  const firstWholeMonth = monthStart(firstWholeDay) === firstWholeDay ? firstWholeDay : nextMonth(monthStart(firstWholeDay))
  const endWholeMonth = monthStart(endWholeDay)
  const hasMonths = firstWholeMonth < endWholeMonth
  const partialDays = fromMs < toMs ? [...new Set([fromMs, toMs].filter((ms) => ms % DAY_MS !== 0).map(dayOf))] : []
  return {
    ...bounds,
    firstWholeDay: dayOf(firstWholeDay),
    endWholeDay: dayOf(endWholeDay),
    // Without whole months the days run uninterrupted: the month range is empty, placed at the days' end.
    firstWholeMonth: dayOf(hasMonths ? firstWholeMonth : endWholeDay),
    endWholeMonth: dayOf(hasMonths ? endWholeMonth : endWholeDay),
    partialDays,
  }
}

const nextMonth = (monthStartMs: number): number => {
  const date = new Date(monthStartMs)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)
}

/** Tallies by level, then by credit_lines key. */
export type TalliesByLevel = Map<AttributionLevel, Map<string, Tallies>>

const labelColumn: Record<AttributionLevel, string> = { campaign: 'pair_campaign', channel: 'pair_channel' }

/**
 * The same tallies as `liveTallies`, summed inside ClickHouse from the credits the projector keeps (default lookback
 * and half-life only), already summed per campaign and channel by month and by day; only the deals of the partial days
 * at the window's ends are read line by line. So the cost follows the campaigns, not the deals. Several models and
 * both levels can be read in one pass, which costs far less than a pass each: reading the parts (FINAL on three
 * tables) is most of it.
 */
export async function precomputedTallies(
  clickhouse: ClickHouse,
  /** credit_lines keys: rule-based models' names, or trained models' (trainedKey). */
  models: readonly string[],
  window: TimeWindow,
  levels: readonly AttributionLevel[],
): Promise<TalliesByLevel> {
  const t = clickhouse.table
  const parts = `
    SELECT model, kind, deals, unattributed_deals, unattributed_cents, campaign_ids, channels, share_parts, cents
    FROM ${t('credit_months')} FINAL
    WHERE model IN {models:Array(String)} AND day >= {firstWholeMonth:Date32} AND day < {endWholeMonth:Date32}
    UNION ALL
    SELECT model, kind, deals, unattributed_deals, unattributed_cents, campaign_ids, channels, share_parts, cents
    FROM ${t('credit_days')} FINAL
    WHERE model IN {models:Array(String)}
      AND ((day >= {firstWholeDay:Date32} AND day < {firstWholeMonth:Date32})
           OR (day >= {endWholeMonth:Date32} AND day < {endWholeDay:Date32}))
    UNION ALL
    SELECT model, kind, 1, toUInt64(empty(touchpoint_ids)), if(empty(touchpoint_ids), amount_cents, 0),
           campaign_ids, channels, share_parts, cents
    FROM ${t('credit_lines')} FINAL
    WHERE model IN {models:Array(String)} AND day IN {partialDays:Array(Date32)}
      AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')} AND NOT is_deleted`
  return talliesOfParts(clickhouse, parts, { ...windowParts(window), models }, models, levels)
}

/**
 * Tallies by level and model, summed from `parts`: SQL giving rows of (model, kind, deals, unattributed_deals,
 * unattributed_cents, campaign_ids, channels, share_parts, cents), each a deal or a sum of deals of one kind, whose
 * pairs (campaign, channel) hold their share parts and cents.
 */
export async function talliesOfParts(
  clickhouse: ClickHouse,
  parts: string,
  params: Record<string, unknown>,
  models: readonly string[],
  levels: readonly AttributionLevel[],
): Promise<TalliesByLevel> {
  // A label column outside the grouping sets is not selectable: NULL stands in for a level not asked for.
  const labels = attributionLevels.map((level) => `${levels.includes(level) ? labelColumn[level] : 'NULL'} AS ${level}_label`)
  // One level needs no grouping sets, which cost more than a plain grouping (a month of custom weights at a million
  // deals, 0.51 s against 0.45 s).
  const grouping =
    levels.length === 1
      ? `GROUP BY model, row_type, ${labelColumn[levels[0] as AttributionLevel]}`
      : `GROUP BY GROUPING SETS (${levels.map((level) => `(model, row_type, ${labelColumn[level]})`).join(', ')}) SETTINGS group_by_use_nulls = 1`
  const result = await clickhouse.client.query({
    query: `
      WITH parts AS (${parts})
      -- One pass: each model's pairs summed per label of each level, with the deal counts and unattributed amounts of
      -- every part taken once, on its first pair (or on the one row a part without pairs gives), so that they add up
      -- over the labels of a level. With two levels, the label of the other is NULL, which tells the sets apart. Cents
      -- are summed in 128 bits: no total wraps, and one too large for an answer is refused (reportedAmount.ts).
      SELECT model, if(pair_index > 0, 'label', 'uncredited') AS row_type, ${labels.join(', ')}, min(pair_channel) AS channel,
             toString(sumIf(toInt128(pair_cents), kind = 'created')) AS pipeline,
             toString(sumIf(toInt128(pair_cents), kind = 'won')) AS revenue,
             toString(sumIf(pair_parts, kind = 'created')) AS created_parts, toString(sumIf(pair_parts, kind = 'won')) AS won_parts,
             toString(sumIf(deals, kind = 'created' AND pair_index <= 1)) AS created,
             toString(sumIf(deals, kind = 'won' AND pair_index <= 1)) AS won,
             toString(sumIf(unattributed_deals, kind = 'created' AND pair_index <= 1)) AS unattributed_created,
             toString(sumIf(unattributed_deals, kind = 'won' AND pair_index <= 1)) AS unattributed_won,
             toString(sumIf(toInt128(unattributed_cents), kind = 'created' AND pair_index <= 1)) AS unattributed_pipeline,
             toString(sumIf(toInt128(unattributed_cents), kind = 'won' AND pair_index <= 1)) AS unattributed_revenue
      FROM parts
      LEFT ARRAY JOIN campaign_ids AS pair_campaign, channels AS pair_channel, share_parts AS pair_parts, cents AS pair_cents,
                      arrayEnumerate(campaign_ids) AS pair_index
      ${grouping}`,
    query_params: params,
    format: 'JSONEachRow',
  })
  type TallyRow = Record<
    | 'model' | 'row_type' | 'channel' | 'pipeline' | 'revenue' | 'created_parts' | 'won_parts' | 'created' | 'won'
    | 'unattributed_created' | 'unattributed_won' | 'unattributed_pipeline' | 'unattributed_revenue',
    string
  > & { campaign_label: string | null; channel_label: string | null }
  // Each level's rows hold every part's counts once: the first level's are summed, and copied to the others below.
  const [countedLevel, ...otherLevels] = levels
  // A model without credits in the window has no rows: its tallies are empty.
  const byLevel: TalliesByLevel = new Map(levels.map((level) => [level, new Map(models.map((model) => [model, emptyTallies()]))]))
  for (const row of await result.json<TallyRow>()) {
    const [level, label] = row.campaign_label !== null ? (['campaign', row.campaign_label] as const) : (['channel', row.channel_label ?? ''] as const)
    const tallies = byLevel.get(level)?.get(row.model)
    if (!tallies) continue
    if (level === countedLevel) {
      tallies.dealsCreated += Number(row.created)
      tallies.dealsWon += Number(row.won)
      tallies.unattributed.pipelineCents += Number(row.unattributed_pipeline)
      tallies.unattributed.revenueCents += Number(row.unattributed_revenue)
      tallies.unattributed.dealsCreated += Number(row.unattributed_created)
      tallies.unattributed.dealsWon += Number(row.unattributed_won)
    }
    if (row.row_type !== 'label') continue
    const tally = tallyOf(tallies, label, row.channel)
    tally.pipelineCents = Number(row.pipeline)
    tally.revenueCents = Number(row.revenue)
    tally.createdParts = Number(row.created_parts)
    tally.wonParts = Number(row.won_parts)
  }
  for (const level of otherLevels) {
    for (const [model, tallies] of byLevel.get(level) ?? []) {
      const counted = countedLevel && byLevel.get(countedLevel)?.get(model)
      if (!counted) continue
      tallies.dealsCreated = counted.dealsCreated
      tallies.dealsWon = counted.dealsWon
      tallies.unattributed = { ...counted.unattributed }
    }
  }
  return byLevel
}
