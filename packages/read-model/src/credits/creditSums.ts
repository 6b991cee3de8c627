import type { ClickHouse } from '@attribution/clickhouse'
import type { CreditDay } from '../journeys/dealLines.ts'

/** One model's lines of one day and kind: the unit credit_days is recomputed in. */
export interface ModelDay extends CreditDay {
  /** A credit_lines key. */
  model: string
}

/**
 * Recomputes days of credit_days from their lines, then the whole months of credit_months those days are in. A
 * requested day without lines is written empty, so a day whose last deal moved away stops counting it. `all`
 * recomputes every day that has lines of the models named, as a rebuild does.
 */
export async function refreshCreditSums(
  clickhouse: ClickHouse,
  days: readonly ModelDay[] | { all: readonly string[] },
  version: number,
): Promise<void> {
  const all = 'all' in days ? days.all : undefined
  if (all ? all.length === 0 : (days as readonly ModelDay[]).length === 0) return
  const listed = all ? [] : (days as readonly ModelDay[])
  const t = clickhouse.table
  const requestedDays = all
    ? `SELECT DISTINCT model, kind, day FROM ${t('credit_lines')} WHERE model IN {models:Array(String)}`
    : `SELECT requested.1 AS model, requested.2 AS kind, requested.3 AS day
       FROM (SELECT arrayJoin(arrayZip({models:Array(String)}, {kinds:Array(String)}, {days:Array(Date32)})) AS requested)`
  const params = {
    models: all ?? listed.map(({ model }) => model),
    kinds: listed.map(({ kind }) => kind),
    days: listed.map(({ day }) => day),
    version,
  }
  await clickhouse.client.command({
    query: sumsInto(
      t('credit_days'),
      requestedDays,
      `SELECT model, kind, day, 1 AS deals, toUInt64(empty(touchpoint_ids)) AS unattributed_deals,
              if(empty(touchpoint_ids), amount_cents, 0) AS unattributed_cents, campaign_ids, channels, share_parts, cents
       FROM ${t('credit_lines')} FINAL
       WHERE (model, kind, day) IN (SELECT model, kind, day FROM requested) AND NOT is_deleted`,
    ),
    query_params: params,
  })
  await clickhouse.client.command({
    query: sumsInto(
      t('credit_months'),
      `SELECT DISTINCT model, kind, ${monthOf('day')} AS day FROM (${requestedDays})`,
      `SELECT model, kind, ${monthOf('day')} AS day, deals, unattributed_deals, unattributed_cents,
              campaign_ids, channels, share_parts, cents
       FROM ${t('credit_days')} FINAL
       WHERE (model, kind, ${monthOf('day')}) IN (SELECT model, kind, day FROM requested)`,
    ),
    query_params: params,
  })
}

/**
 * The first day of a Date32's month, as a Date32. toStartOfMonth answers a Date, which holds only 1970 to 2149: a deal
 * of 1900 or 2299 would be summed into a month of 1970 or 2149.
 */
const monthOf = (day: string): string => `(${day} - (toDayOfMonth(${day}) - 1))`

/**
 * A 128-bit sum stored in an Int64 column: beyond its range it sticks at the nearest end rather than wrapping to a
 * figure that looks plausible, so the total an answer adds up from it is too large to report and is refused
 * (reportedAmount.ts). Only about 92,000 deals of the largest amount on one day of one campaign get there.
 */
const saturated = (sum: string): string => {
  const [lowest, highest] = [`toInt128('-9223372036854775808')`, `toInt128('9223372036854775807')`]
  // multiIf, not least(greatest(...)): ClickHouse 26 gets that nesting wrong on an Int128 sum, answering the highest.
  return `toInt64(multiIf(${sum} > ${highest}, ${highest}, ${sum} < ${lowest}, ${lowest}, ${sum}))`
}

/**
 * INSERT of one row per requested (model, kind, day) into `table`, summing the `parts` that fall on it: their deal
 * counts, and their (campaign, channel) pairs' share parts and cents. Requested keys without parts get a row of zeros.
 */
function sumsInto(table: string, requested: string, parts: string): string {
  return `
    INSERT INTO ${table}
    WITH requested AS (${requested}),
    parts AS (${parts}),
    deal_sums AS (
      SELECT model, kind, day, sum(deals) AS deal_count, sum(unattributed_deals) AS unattributed_count,
             ${saturated('sum(toInt128(unattributed_cents))')} AS unattributed_sum
      FROM parts GROUP BY model, kind, day
    ),
    pair_sums AS (
      -- Sorted, so that the same parts always give the same row.
      SELECT model, kind, day, arraySort(groupArray((pair_campaign, pair_channel, pair_parts, pair_cents))) AS pairs
      FROM (
        SELECT model, kind, day, part_campaign AS pair_campaign, part_channel AS pair_channel,
               sum(part_parts) AS pair_parts, ${saturated('sum(toInt128(part_cents))')} AS pair_cents
        FROM parts
        ARRAY JOIN campaign_ids AS part_campaign, channels AS part_channel, share_parts AS part_parts, cents AS part_cents
        GROUP BY model, kind, day, part_campaign, part_channel
      )
      GROUP BY model, kind, day
    )
    SELECT r.model, r.kind, r.day, d.deal_count, d.unattributed_count, d.unattributed_sum,
           arrayMap(pair -> pair.1, p.pairs), arrayMap(pair -> pair.2, p.pairs),
           arrayMap(pair -> pair.3, p.pairs), arrayMap(pair -> pair.4, p.pairs),
           {version:UInt64}
    FROM requested AS r
    LEFT JOIN deal_sums AS d ON d.model = r.model AND d.kind = r.kind AND d.day = r.day
    LEFT JOIN pair_sums AS p ON p.model = r.model AND p.kind = r.kind AND p.day = r.day
    SETTINGS join_use_nulls = 0`
}

/**
 * Re-sums every day that has lines newer than the checkpoint: lines of a batch that was being applied when the
 * projector stopped, written before its sums were. Re-applying that batch finds those lines unchanged and writes
 * nothing, so its days must be re-summed here, once, before the projector goes on.
 */
export async function resumUnfinishedDays(clickhouse: ClickHouse, eventsProcessed: number, models: readonly string[]): Promise<number> {
  const result = await clickhouse.client.query({
    query: `
      SELECT model, kind, toString(day) AS day, max(version) AS newest
      FROM ${clickhouse.table('credit_lines')}
      WHERE version > {eventsProcessed:UInt64} AND model IN {models:Array(String)}
      GROUP BY model, kind, day`,
    query_params: { eventsProcessed, models },
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    format: 'JSONEachRow',
  })
  const days = await result.json<ModelDay & { newest: number }>()
  // The newest version: sums that batch may have written already must not win over these.
  const version = Math.max(eventsProcessed, ...days.map((day) => day.newest))
  await refreshCreditSums(clickhouse, days.map(({ model, kind, day }) => ({ model, kind, day })), version)
  return days.length
}
