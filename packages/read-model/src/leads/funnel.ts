import { selectRows, toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'
import { defaultReportingCurrency } from '@attribution/contracts'
import { loadUnconvertedDeals, reportedUnconverted, type UnconvertedAmount } from '../answers/unconverted.ts'
import type { DefinitionRef } from './definitionRef.ts'
import { reportedAmount } from '../answers/reportedAmount.ts'
import { rounded } from '../answers/rounding.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

/** What a funnel is split by: nothing, or the channel or campaign of each person's first touch. */
export type FunnelGrouping = 'none' | 'channel' | 'campaign'
export const funnelGroupings = ['none', 'channel', 'campaign'] as const satisfies readonly FunnelGrouping[]

export interface FunnelQuery extends TimeWindow {
  definition: DefinitionRef
  /** The moment the funnel describes (ISO); transitions after it have not happened yet. Default: now. */
  asOf?: string
  groupBy?: FunnelGrouping
}

export const funnelStages = ['known', 'mql', 'sal', 'sql', 'won'] as const
/** The steps whose conversion the funnel reports; mql -> won is the velocity leaders ask about. */
export const funnelSteps = [
  ['known', 'mql'],
  ['mql', 'sal'],
  ['sal', 'sql'],
  ['sql', 'won'],
  ['mql', 'won'],
] as const

export interface Conversion {
  from: string
  to: string
  /** Persons who entered `from` in the window: the cohort. */
  entered: number
  /** Of those, how many reached `to` afterwards, by asOf. */
  converted: number
  rate: number | null
  /** Days from entering `from` to reaching `to`, over those converted. */
  medianDays: number | null
  p90Days: number | null
}

export interface FunnelNumbers {
  /** Persons entering each stage for the first time in the window. */
  stages: Record<(typeof funnelStages)[number] | 'rejected' | 'recycled' | 'lost', number>
  conversions: Conversion[]
}

export interface Funnel {
  totals: FunnelNumbers
  groups: (FunnelNumbers & { key: string })[]
  /** Where every person stands at asOf, whenever they entered: the funnel as a snapshot. */
  currentStages: Record<string, number>
  /** Deals won in the window: their revenue and the part that is new business, in the reporting currency. */
  wonRevenue: { total: number; newBusiness: number; newBusinessShare: number | null }
  /** Revenue of deals won in the window in another currency with no rate in effect at the win: not in wonRevenue. */
  unconverted: UnconvertedAmount[]
}

const stageColumns = [...funnelStages, 'rejected', 'recycled', 'lost'] as const
const daysBetween = (from: string, to: string) =>
  `toFloat64(dateDiff('millisecond', assumeNotNull(${from}_at), assumeNotNull(${to}_at))) / 86400000`

/**
 * The funnel of one lead definition version: cohorts by the first time persons entered a stage in [from, to), and
 * what became of them by `asOf`. Reads the lifecycles the projector keeps, so it costs one scan of one version's rows.
 */
export async function funnel(clickhouse: ClickHouse, query: FunnelQuery, reportingCurrency: string = defaultReportingCurrency): Promise<Funnel> {
  const asOfIso = query.asOf ?? new Date().toISOString()
  const asOf = toClickHouseTime(asOfIso)
  const params = {
    ...windowParams(query),
    asOf,
    definitionId: query.definition.definitionId,
    version: query.definition.version,
    reporting: reportingCurrency,
  }
  const t = clickhouse.table
  const inWindow = (stage: string) => `(${stage}_at >= {from:DateTime64(3, 'UTC')} AND ${stage}_at < {to:DateTime64(3, 'UTC')} AND ${stage}_at <= {asOf:DateTime64(3, 'UTC')})`
  const reached = (from: string, to: string) => `(${inWindow(from)} AND ${to}_at >= ${from}_at AND ${to}_at <= {asOf:DateTime64(3, 'UTC')})`
  const measures = [
    ...stageColumns.map((stage) => `countIf(${inWindow(stage)}) AS entered_${stage}`),
    ...funnelSteps.flatMap(([from, to]) => [
      `countIf(${reached(from, to)}) AS converted_${from}_${to}`,
      `quantilesExactInclusiveIf(0.5, 0.9)(${daysBetween(from, to)}, ${reached(from, to)}) AS days_${from}_${to}`,
    ]),
  ].join(',\n')
  const groupBy = query.groupBy ?? 'none'
  const scope = `FROM ${t('lead_lifecycles')} FINAL WHERE definition_id = {definitionId:String} AND version = {version:UInt32}`
  // Quantiles do not add up across groups, so the totals are a query of their own.
  const measured = (groupKey: string) =>
    selectRows<FunnelRow>(clickhouse, `SELECT ${groupKey} AS group_key, ${measures} ${scope} GROUP BY group_key ORDER BY group_key`, params)

  // Won by asOf, as the revenue below counts them.
  const wonBy = new Date(Math.min(Date.parse(query.to ?? asOfIso), Date.parse(asOfIso) + 1)).toISOString()
  const [[totals], grouped, current, won, unconverted] = await Promise.all([
    measured(`''`),
    groupBy === 'none' ? [] : measured(groupBy === 'channel' ? 'first_touch_channel' : 'first_touch_campaign_id'),
    selectRows<{ stage: string; persons: string | number }>(
      clickhouse,
      `SELECT transition_stages[arrayLastIndex(x -> x <= {asOf:DateTime64(3, 'UTC')}, transition_at)] AS stage, count() AS persons
       ${scope} GROUP BY stage HAVING stage != '' ORDER BY stage`,
      params,
    ),
    // A deal in another currency counts at its won amount as the credits projection converted it (deal_conversions),
    // and not at all while no rate converts it: it is listed as unconverted instead (docs/currencies.md).
    selectRows<{ total: string | number; new_business: string | number }>(
      clickhouse,
      `SELECT toString(sum(toInt128(amount))) AS total, toString(sumIf(toInt128(amount), is_new_business)) AS new_business
       FROM (
         SELECT d.is_new_business AS is_new_business, at_par, if(at_par, d.won_amount_cents, c.cents) AS amount, c.converted AS converted
         FROM (SELECT *, currency IN ({reporting:String}, '') AS at_par FROM ${t('deals')}
               WHERE is_won AND won_at >= {from:DateTime64(3, 'UTC')} AND won_at < {to:DateTime64(3, 'UTC')}
                 AND won_at <= {asOf:DateTime64(3, 'UTC')}) AS d
         LEFT JOIN (SELECT deal_id, cents, converted FROM ${t('deal_conversions')} FINAL WHERE kind = 'won') AS c ON c.deal_id = d.deal_id
       )
       WHERE at_par OR converted`,
      params,
    ),
    loadUnconvertedDeals(clickhouse, { ...(query.from ? { from: query.from } : {}), to: wonBy }),
  ])
  const totalCents = Number(won[0]?.total ?? 0)
  const newBusinessCents = Number(won[0]?.new_business ?? 0)
  return {
    totals: numbersOf(totals ?? { group_key: '' }),
    groups: grouped.map((row) => ({ key: row.group_key, ...numbersOf(row) })),
    currentStages: Object.fromEntries(current.map((row) => [row.stage, Number(row.persons)])),
    wonRevenue: {
      total: reportedAmount(totalCents),
      newBusiness: reportedAmount(newBusinessCents),
      newBusinessShare: totalCents > 0 ? rounded(newBusinessCents / totalCents) : null,
    },
    unconverted: reportedUnconverted(unconverted.filter(({ measure }) => measure === 'revenue')),
  }
}

type FunnelRow = { group_key: string } & Record<string, string | number | number[]>

function numbersOf(row: FunnelRow): FunnelNumbers {
  const count = (column: string) => Number(row[column] ?? 0)
  return {
    stages: Object.fromEntries(stageColumns.map((stage) => [stage, count(`entered_${stage}`)])) as FunnelNumbers['stages'],
    conversions: funnelSteps.map(([from, to]) => {
      const entered = count(`entered_${from}`)
      const converted = count(`converted_${from}_${to}`)
      const [median, p90] = ((row[`days_${from}_${to}`] ?? []) as number[]).map(Number)
      return {
        from,
        to,
        entered,
        converted,
        rate: entered > 0 ? rounded(converted / entered) : null,
        medianDays: converted > 0 ? rounded(median ?? 0, 100) : null,
        p90Days: converted > 0 ? rounded(p90 ?? 0, 100) : null,
      }
    }),
  }
}
