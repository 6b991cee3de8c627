import { insertCompact, type ClickHouse } from '@attribution/clickhouse'
import { refreshCreditSums, refreshMonthSums, sumColumns, type ModelDay } from './creditSums.ts'

// A batch changes the lines of a few deals on a few days; summing each of those days again from all its lines costs
// what the day holds, which grows with the history (a thousand deals a day is a thousand lines per model to read for
// one changed deal). Adding the changes to the sums stored costs what the batch changed. The sums stay exactly those
// a full sum would write (refreshCreditSums): the same pairs in the same order, each with the count of lines behind
// it, so a pair leaves when its last line does.

/** The columns of a credit line that credit_days sums. */
export interface SummedLine {
  model: string
  kind: string
  day: string
  amount_cents: number
  touchpoint_ids: readonly string[]
  campaign_ids: readonly string[]
  channels: readonly string[]
  share_parts: readonly number[]
  cents: readonly number[]
}

/** A line as stored before a batch and as the batch writes it; absent when there was none (is none now). */
export interface LineChange {
  before?: SummedLine
  after?: SummedLine
}

/** One row of credit_days or credit_months, in integers that do not round. */
interface Sums {
  deals: bigint
  unattributedDeals: bigint
  unattributedCents: bigint
  pairs: Map<string, PairSums>
}

interface PairSums {
  campaign: string
  channel: string
  parts: bigint
  cents: bigint
  lines: bigint
}

const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n }

/**
 * Keeps credit_days and credit_months up to date with the lines the projector writes, by adding each batch's changes.
 * One per projector: it remembers the days of an attempt that failed half-way (its lines written, its sums perhaps not)
 * and sums those again in full before the next attempt, which finds those lines unchanged. A projector that died then
 * does the same at its start (resumUnfinishedDays).
 */
export class CreditSumKeeper {
  private unfinished = new Map<string, ModelDay>()

  /** Adds these line changes to the sums of their days and months, under `version`. */
  async add(clickhouse: ClickHouse, changes: readonly LineChange[], version: number): Promise<void> {
    if (this.unfinished.size > 0) {
      await refreshCreditSums(clickhouse, [...this.unfinished.values()], version)
      this.unfinished.clear()
    }
    const deltas = deltasOf(changes)
    if (deltas.size === 0) return
    for (const [key, delta] of deltas) this.unfinished.set(key, delta.key)
    await addDeltas(clickhouse, deltas, version)
    this.unfinished.clear()
  }
}

interface Delta {
  key: ModelDay
  sums: Sums
}

/** What the changes add to each day they are on. */
function deltasOf(changes: readonly LineChange[]): Map<string, Delta> {
  const deltas = new Map<string, Delta>()
  const add = (line: SummedLine, sign: bigint) => {
    const key = keyOf(line)
    let delta = deltas.get(key)
    if (!delta) deltas.set(key, (delta = { key: { model: line.model, kind: line.kind as ModelDay['kind'], day: line.day }, sums: emptySums() }))
    addLine(delta.sums, line, sign)
  }
  for (const { before, after } of changes) {
    if (before) add(before, -1n)
    if (after) add(after, 1n)
  }
  return deltas
}

function addLine(sums: Sums, line: SummedLine, sign: bigint): void {
  sums.deals += sign
  if (line.touchpoint_ids.length === 0) {
    sums.unattributedDeals += sign
    sums.unattributedCents += sign * BigInt(line.amount_cents)
  }
  line.campaign_ids.forEach((campaign, index) => {
    const pair = pairOf(sums, campaign, line.channels[index] ?? '')
    pair.parts += sign * BigInt(line.share_parts[index] ?? 0)
    pair.cents += sign * BigInt(line.cents[index] ?? 0)
    pair.lines += sign
  })
}

function addSums(sums: Sums, more: Sums): void {
  sums.deals += more.deals
  sums.unattributedDeals += more.unattributedDeals
  sums.unattributedCents += more.unattributedCents
  for (const pair of more.pairs.values()) {
    const sum = pairOf(sums, pair.campaign, pair.channel)
    sum.parts += pair.parts
    sum.cents += pair.cents
    sum.lines += pair.lines
  }
}

function pairOf(sums: Sums, campaign: string, channel: string): PairSums {
  const key = `${campaign}\u0000${channel}`
  let pair = sums.pairs.get(key)
  if (!pair) sums.pairs.set(key, (pair = { campaign, channel, parts: 0n, cents: 0n, lines: 0n }))
  return pair
}

const emptySums = (): Sums => ({ deals: 0n, unattributedDeals: 0n, unattributedCents: 0n, pairs: new Map() })
const keyOf = ({ model, kind, day }: { model: string; kind: string; day: string }): string => `${model} ${kind} ${day}`
const monthKeyOf = ({ model, kind, day }: ModelDay): ModelDay => ({ model, kind, day: `${day.slice(0, 7)}-01` })

/**
 * Adds the deltas to the stored days, and the days' deltas to their stored months. A row the changes cannot be added
 * to is summed in full instead: one whose sum stuck at an end of Int64 (its true figure is lost), one from before the
 * line counts, or one the changes would leave inconsistent (a count below zero), which only a bug could cause.
 */
async function addDeltas(clickhouse: ClickHouse, deltas: ReadonlyMap<string, Delta>, version: number): Promise<void> {
  const monthDeltas = new Map<string, Delta>()
  for (const { key, sums } of deltas.values()) {
    const month = monthKeyOf(key)
    let delta = monthDeltas.get(keyOf(month))
    if (!delta) monthDeltas.set(keyOf(month), (delta = { key: month, sums: emptySums() }))
    addSums(delta.sums, sums)
  }
  const [storedDays, storedMonths] = await Promise.all([
    storedSums(clickhouse, 'credit_days', [...deltas.values()].map(({ key }) => key)),
    storedSums(clickhouse, 'credit_months', [...monthDeltas.values()].map(({ key }) => key)),
  ])
  const days = added(deltas, storedDays)
  // A month with a day summed in full is summed in full from its days, after them.
  const fullMonths = new Set(days.full.map((day) => keyOf(monthKeyOf(day))))
  const months = added(new Map([...monthDeltas].filter(([key]) => !fullMonths.has(key))), storedMonths)
  await Promise.all([insertSums(clickhouse, 'credit_days', days.rows, version), insertSums(clickhouse, 'credit_months', months.rows, version)])
  await refreshCreditSums(clickhouse, days.full, version)
  await refreshMonthSums(clickhouse, months.full, version)
}

/** The stored rows plus their deltas, and the keys that must be summed in full instead. */
function added(deltas: ReadonlyMap<string, Delta>, stored: ReadonlyMap<string, Sums | undefined>): { rows: [ModelDay, Sums][]; full: ModelDay[] } {
  const rows: [ModelDay, Sums][] = []
  const full: ModelDay[] = []
  for (const [key, delta] of deltas) {
    const before = stored.has(key) ? stored.get(key) : emptySums()
    if (!before) {
      full.push(delta.key)
      continue
    }
    addSums(before, delta.sums)
    if (consistent(before)) rows.push([delta.key, before])
    else full.push(delta.key)
  }
  return { rows, full }
}

/** Whether these sums are what some set of lines sums to, within Int64; pairs without lines are dropped from them. */
function consistent(sums: Sums): boolean {
  const inInt64 = (value: bigint) => value > int64.min && value < int64.max
  if (sums.deals < 0n || sums.unattributedDeals < 0n || sums.unattributedDeals > sums.deals || !inInt64(sums.unattributedCents)) return false
  for (const [key, pair] of sums.pairs) {
    if (pair.lines < 0n || !inInt64(pair.cents) || !inInt64(pair.parts)) return false
    if (pair.lines > 0n) continue
    if (pair.parts !== 0n || pair.cents !== 0n) return false
    sums.pairs.delete(key)
  }
  return sums.deals > 0n || (sums.pairs.size === 0 && sums.unattributedCents === 0n)
}

interface StoredSumsRow {
  model: string
  kind: string
  day: string
  deals: string
  unattributed_deals: string
  unattributed_cents: string
  campaign_ids: string[]
  channels: string[]
  share_parts: string[]
  cents: string[]
  pair_lines: string[]
}

/**
 * The stored rows of these keys, by key: undefined for a row whose sums cannot be added to (from before the line
 * counts, or stuck at an end of Int64). Read FINAL, as the answers read them.
 */
async function storedSums(clickhouse: ClickHouse, table: string, keys: readonly ModelDay[]): Promise<Map<string, Sums | undefined>> {
  const result = await clickhouse.client.query({
    query: `
      SELECT model, kind, toString(day) AS day, toString(deals) AS deals, toString(unattributed_deals) AS unattributed_deals,
             toString(unattributed_cents) AS unattributed_cents, campaign_ids, channels,
             arrayMap(x -> toString(x), share_parts) AS share_parts, arrayMap(x -> toString(x), cents) AS cents,
             arrayMap(x -> toString(x), pair_lines) AS pair_lines
      FROM ${clickhouse.table(table)} FINAL
      WHERE (model, kind, day) IN (SELECT arrayJoin(arrayZip({models:Array(String)}, {kinds:Array(String)}, {days:Array(Date32)})))`,
    query_params: { models: keys.map(({ model }) => model), kinds: keys.map(({ kind }) => kind), days: keys.map(({ day }) => day) },
    format: 'JSONEachRow',
  })
  // The 64-bit figures as strings, which BigInt reads exactly (a sum may pass 2^53, where a JSON number rounds).
  const rows = await result.json<StoredSumsRow>()
  return new Map(rows.map((row) => [keyOf(row), sumsOf(row)]))
}

function sumsOf(row: StoredSumsRow): Sums | undefined {
  if (row.pair_lines.length !== row.campaign_ids.length) return undefined
  const sums: Sums = { deals: BigInt(row.deals), unattributedDeals: BigInt(row.unattributed_deals), unattributedCents: BigInt(row.unattributed_cents), pairs: new Map() }
  const stuck = (value: bigint) => value === int64.min || value === int64.max
  if (stuck(sums.unattributedCents)) return undefined
  for (const [index, campaign] of row.campaign_ids.entries()) {
    const pair = pairOf(sums, campaign, row.channels[index] ?? '')
    pair.parts = BigInt(row.share_parts[index] ?? 0)
    pair.cents = BigInt(row.cents[index] ?? 0)
    pair.lines = BigInt(row.pair_lines[index] ?? 0)
    if (stuck(pair.cents)) return undefined
  }
  return sums
}

async function insertSums(clickhouse: ClickHouse, table: string, rows: readonly [ModelDay, Sums][], version: number): Promise<void> {
  if (rows.length === 0) return
  const text = rows
    .map(([{ model, kind, day }, sums]) => {
      // In the order a full sum writes them (arraySort of the pairs: campaign, then channel, as bytes).
      const pairs = [...sums.pairs.values()].sort((a, b) => Buffer.compare(Buffer.from(a.campaign), Buffer.from(b.campaign)) || Buffer.compare(Buffer.from(a.channel), Buffer.from(b.channel)))
      const values = [
        model,
        kind,
        day,
        sums.deals,
        sums.unattributedDeals,
        sums.unattributedCents,
        pairs.map((pair) => pair.campaign),
        pairs.map((pair) => pair.channel),
        pairs.map((pair) => pair.parts),
        pairs.map((pair) => pair.cents),
        pairs.map((pair) => pair.lines),
        version,
      ]
      // 64-bit integers as strings, which ClickHouse reads into its integer columns exactly.
      return JSON.stringify(values, (_, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
    })
    .join('\n')
  await insertCompact(clickhouse, table, { columns: [...sumColumns], text })
}
