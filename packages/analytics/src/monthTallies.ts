import { attributionLevels } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { precomputedTallies, talliesOfParts, windowParts, type TalliesByLevel } from './precomputedTallies.ts'
import { selectRows } from './select.ts'
import { addTallies, emptyTallies } from './tallies.ts'
import type { TimeWindow } from './window.ts'

/**
 * The precomputed tallies of windows as the API serves them, with each whole month's tallies kept until its sums
 * change. A batch of a live install re-sums few months: today's, and the creation months of the deals it closes under
 * the models whose journeys run on to the win. Reading every month of every window again after each batch was most
 * of what a busy install's answers waited for; now only the changed months and the days around each window's months
 * are read.
 */
export interface MonthTalliesCache {
  /**
   * Every model's tallies of the window at both levels, as precomputedTallies gives them. `versions` are the versions
   * of the models' month sums now (monthVersions): a month is read again when its version moved since it was kept.
   */
  window(models: readonly string[], window: TimeWindow, versions: ReadonlyMap<string, string>): Promise<TalliesByLevel>
}

export function monthTalliesCache(clickhouse: ClickHouse): MonthTalliesCache {
  let keptFor = ''
  const kept = new Map<string, { version: string; tallies: Promise<TalliesByLevel> }>()

  async function monthsOf(
    models: readonly string[],
    months: readonly string[],
    versions: ReadonlyMap<string, string>,
  ): Promise<TalliesByLevel[]> {
    // Another set of models (a training or a saved model turned ready): nothing kept applies.
    if (models.join(',') !== keptFor) {
      kept.clear()
      keptFor = models.join(',')
    }
    const stale = months.filter((month) => kept.get(month)?.version !== versions.get(month))
    if (stale.length > 0) {
      const reading = monthTallies(clickhouse, models, stale)
      for (const month of stale) {
        const entry = { version: versions.get(month) ?? '', tallies: reading.then((byMonth) => byMonth.get(month) ?? new Map()) }
        kept.set(month, entry)
        // A failed read is not kept.
        entry.tallies.catch(() => kept.get(month) === entry && kept.delete(month))
      }
    }
    return Promise.all(months.map((month) => kept.get(month)?.tallies ?? Promise.resolve(new Map())))
  }

  return {
    async window(models, window, versions) {
      const { firstWholeMonth, endWholeMonth } = windowParts(window)
      // Months without sums hold no deals: only those with some are read or kept.
      const months = [...versions.keys()].filter((month) => month >= firstWholeMonth && month < endWholeMonth).sort()
      const [rest, byMonth] = await Promise.all([
        precomputedTallies(clickhouse, models, window, attributionLevels, { wholeMonths: false }),
        monthsOf(models, months, versions),
      ])
      for (const month of byMonth) {
        for (const [level, byModel] of month) {
          for (const [model, tallies] of byModel) {
            const into = rest.get(level)?.get(model)
            if (into) addTallies(into, tallies)
          }
        }
      }
      return rest
    },
  }
}

/** The version of each month's sums of these models: the newest of its rows in credit_months. */
export async function monthVersions(clickhouse: ClickHouse, models: readonly string[]): Promise<Map<string, string>> {
  const rows = await selectRows<{ month: string; version: string }>(
    clickhouse,
    `SELECT toString(day) AS month, toString(max(version)) AS version FROM ${clickhouse.table('credit_months')}
     WHERE model IN {models:Array(String)} GROUP BY day`,
    { models },
  )
  return new Map(rows.map(({ month, version }) => [month, version]))
}

/** Each month's tallies of the models at both levels, read in one pass. */
async function monthTallies(clickhouse: ClickHouse, models: readonly string[], months: readonly string[]): Promise<Map<string, TalliesByLevel>> {
  // Each (model, month) is a model of its own to talliesOfParts.
  const keyOf = (model: string, month: string) => `${model} ${month}`
  // Filtered in a subquery: in the same SELECT, the alias model would stand for the column in WHERE.
  const parts = `
    SELECT concat(model, ' ', toString(day)) AS model, kind, deals, unattributed_deals, unattributed_cents, campaign_ids,
           channels, share_parts, cents
    FROM (SELECT * FROM ${clickhouse.table('credit_months')} FINAL
          WHERE model IN {models:Array(String)} AND day IN {months:Array(Date32)})`
  const keys = months.flatMap((month) => models.map((model) => keyOf(model, month)))
  const byKey = await talliesOfParts(clickhouse, parts, { models, months }, keys, attributionLevels)
  const monthOf = (month: string): TalliesByLevel =>
    new Map(attributionLevels.map((level) => [level, new Map(models.map((model) => [model, byKey.get(level)?.get(keyOf(model, month)) ?? emptyTallies()]))]))
  return new Map(months.map((month) => [month, monthOf(month)]))
}
