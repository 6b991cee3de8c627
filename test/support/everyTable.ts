import type { ClickHouse } from '@attribution/clickhouse'
import type { EventStore, StoredEvent } from '@attribution/event-store'

/** Every event of a store, in the order of its global log. */
export async function readLog(store: EventStore): Promise<StoredEvent[]> {
  const log: StoredEvent[] = []
  for (let page = await store.readAll(null, 10_000); page.length > 0; page = await store.readAll(page.at(-1)!.position, 10_000)) {
    log.push(...page)
  }
  return log
}

/**
 * Columns two runs of the same events and the same API calls legitimately disagree on, by table, each with the reason.
 * Everything else in every table is compared.
 */
export const differsBetweenRuns: Record<string, Record<string, string>> = {
  schema_migrations: { applied_at: 'the wall-clock time the migration ran' },
  projection_checkpoints: { updated_at: 'the wall-clock time of the last checkpoint' },
  lead_definitions: { published_at: "the API stamps lead_definition.published with the request's wall-clock time" },
  lead_definition_activations: {
    event_id: 'the API gives every lead_definition.activated a random id',
    occurred_at: "the API stamps lead_definition.activated with the request's wall-clock time",
  },
  custom_models: {
    event_id: 'the API gives every attribution_model.saved a random id',
    occurred_at: "the API stamps attribution_model.saved with the request's wall-clock time",
  },
  replay_jobs: {
    job_id: 'a random id per replay',
    started_at: 'wall-clock time',
    updated_at: 'wall-clock time',
    finished_at: 'wall-clock time',
    revision: 'the wall-clock milliseconds of the write, as the version',
  },
  model_trainings: { updated_at: 'the wall-clock time of the state change' },
  custom_model_credits: { updated_at: 'the wall-clock time of the state change' },
  credit_rebuilds: { finished_at: 'wall-clock time' },
  journey_milestone_builds: { finished_at: 'wall-clock time' },
  // The version of these rows is the count of events applied through the batch that computed them: it says where a
  // batch ended, which depends on when the projector polled, not on what the events were.
  credit_lines: { version: 'events applied through the batch that wrote the row' },
  credit_days: { version: 'events applied through the batch that wrote the row' },
  credit_months: { version: 'events applied through the batch that wrote the row' },
  journey_milestones: { version: 'events applied through the batch that wrote the row' },
  deal_conversions: { version: 'events applied through the batch that wrote the row' },
  lead_lifecycles: { computed_through: 'events applied through the batch (or replay) that computed the row' },
}

/**
 * Rows two runs legitimately disagree on. A training of markov and shapley starts after a batch once history has grown
 * by RETRAIN_GROWTH, so how many ran before the last one, and at which counts, depends on where batches ended; a
 * training replaced by a newer one is retired and its credits and specs deleted, leaving only its state row.
 */
const rowsDifferingBetweenRuns: Record<string, string> = {
  model_trainings: "state != 'retired'",
}

/** A pseudonym as the person vault makes them (vaultCrypto.ts), and a sealed attributes token (sealedAttributes.ts). */
const pseudonymPattern = /\b[pa]-[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])/g
const sealedPattern = /v1\.([pa]-[A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]+/g

/**
 * Two stores of the same events, appended in the same order, give them different positions: a transaction a kill
 * rolled back has used up sequence values, and crash recovery skips values the sequence had logged ahead. Rows
 * therefore name each event by its place in the log and each transaction by its rank, which two such stores share.
 */
class LogPlaces {
  private readonly events = new Map<string, string>()
  private readonly transactions = new Map<string, string>()
  /**
   * Each install gives a person (or anonymous id) a random pseudonym of its own (docs/privacy.md), so two runs name the
   * same person differently: by the place of their first appearance in the log, which two runs share. Attributes are
   * sealed with a random nonce, so a sealed token reads as whose it is.
   */
  private readonly pseudonyms = new Map<string, string>()

  constructor(log: readonly StoredEvent[]) {
    log.forEach(({ position, event }, index) => {
      this.events.set(position.prepare.toString(), `event #${index + 1}`)
      if (!this.transactions.has(position.commit.toString())) {
        this.transactions.set(position.commit.toString(), `transaction #${this.transactions.size + 1}`)
      }
      for (const [pseudonym] of JSON.stringify(event.data).matchAll(pseudonymPattern)) {
        if (!this.pseudonyms.has(pseudonym)) this.pseudonyms.set(pseudonym, `${pseudonym[0] === 'p' ? 'person' : 'anonymous id'} #${this.pseudonyms.size + 1}`)
      }
    })
  }

  /** Every pseudonym in a value (strings, arrays, objects, JSON text) as its place, and sealed tokens as whose they are. */
  private unpseudonymized(value: unknown): unknown {
    if (typeof value === 'string') {
      return value
        .replace(sealedPattern, (_, pseudonym: string) => `sealed for ${this.place(this.pseudonyms, pseudonym)}`)
        .replace(pseudonymPattern, (pseudonym) => this.place(this.pseudonyms, pseudonym))
    }
    if (Array.isArray(value)) return value.map((item) => this.unpseudonymized(item))
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.unpseudonymized(item)]))
    }
    return value
  }

  event(position: unknown): string {
    return this.place(this.events, position)
  }

  transaction(commit: unknown): string {
    return this.place(this.transactions, commit)
  }

  /** A position the log does not hold is a row about an event that does not exist: the comparison must show it. */
  private place(places: Map<string, string>, value: unknown): string {
    return places.get(String(value)) ?? `not in the log: ${String(value)}`
  }

  /** Column by column: every column holding a log position, and credit keys that name a save by its position. */
  translate(row: Record<string, unknown>): Record<string, unknown> {
    const translated = this.unpseudonymized(row) as Record<string, unknown>
    for (const column of ['position', 'prepare_position']) if (column in row) translated[column] = this.event(row[column])
    if ('commit_position' in row) translated.commit_position = this.transaction(row.commit_position)
    const customKey = typeof row.model === 'string' ? /^(custom:.+@)(\d+)$/.exec(row.model) : null
    if (customKey) translated.model = `${customKey[1]}${this.event(customKey[2])}`
    return translated
  }
}

/**
 * Every table of the database (as system.tables lists them, so a table added later is compared without a change
 * here), deduplicated with FINAL where the engine replaces rows, translated to log places, in a canonical order.
 * Only what `differsBetweenRuns` and `rowsDifferingBetweenRuns` name is left out.
 */
export async function everyTable(clickhouse: ClickHouse, log: readonly StoredEvent[]): Promise<Record<string, unknown[]>> {
  const places = new LogPlaces(log)
  const listing = await clickhouse.client.query({
    query: `SELECT name, engine FROM system.tables
            WHERE database = {database:String} AND engine NOT IN ('View', 'MaterializedView') ORDER BY name`,
    query_params: { database: clickhouse.database },
    format: 'JSONEachRow',
  })
  const tables: Record<string, unknown[]> = {}
  for (const { name, engine } of await listing.json<{ name: string; engine: string }>()) {
    const leftOut = Object.keys(differsBetweenRuns[name] ?? {})
    const where = rowsDifferingBetweenRuns[name]
    // Plain MergeTree keeps every row it is given; the Replacing (and other merging) engines need FINAL.
    const result = await clickhouse.client.query({
      query: `SELECT * ${leftOut.length > 0 ? `EXCEPT (${leftOut.join(', ')})` : ''}
              FROM ${clickhouse.table(name)} ${/.+MergeTree$/.test(engine) ? 'FINAL' : ''} ${where ? `WHERE ${where}` : ''}`,
      format: 'JSONEachRow',
    })
    const rows = (await result.json<Record<string, unknown>>()).map((row) => places.translate(row))
    tables[name] = rows.map((row) => [JSON.stringify(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row)
  }
  return tables
}

/** The rows one run has and the other has not (as many times as it has them more), table by table: none when equal. */
export function differingRows(
  tables: Record<string, unknown[]>,
  reference: Record<string, unknown[]>,
): Record<string, { only: unknown[]; onlyReference: unknown[] }> {
  const differences: Record<string, { only: unknown[]; onlyReference: unknown[] }> = {}
  for (const table of new Set([...Object.keys(tables), ...Object.keys(reference)])) {
    const counts = new Map<string, number>()
    for (const row of tables[table] ?? []) counts.set(JSON.stringify(row), (counts.get(JSON.stringify(row)) ?? 0) + 1)
    const onlyReference: unknown[] = []
    for (const row of reference[table] ?? []) {
      const key = JSON.stringify(row)
      const left = counts.get(key) ?? 0
      if (left > 0) counts.set(key, left - 1)
      else onlyReference.push(row)
    }
    const only = [...counts].flatMap(([key, count]) => Array.from({ length: count }, () => JSON.parse(key) as unknown))
    if (only.length > 0 || onlyReference.length > 0) differences[table] = { only, onlyReference }
  }
  return differences
}
