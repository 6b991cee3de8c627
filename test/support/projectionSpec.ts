import type { ClickHouse } from '@attribution/clickhouse'
import type { Projection } from '@attribution/projector'
import type { PositionedEvent } from '@attribution/read-model'
import { expect } from 'vitest'
import { dropDatabase, freshClickHouse } from './clickhouse.ts'
import { differsBetweenRuns } from './everyTable.ts'

export interface ProjectionSpec {
  /** The projections to apply in order; the spec is about the last one, the others are what it reads. */
  projections: (clickhouse: ClickHouse) => Projection[]
  given: readonly PositionedEvent[]
  /** Asserts the rows the last projection's tables hold once every event is applied. */
  then: (clickhouse: ClickHouse) => Promise<void>
}

/**
 * A projection spec, run three ways on a real database of its own: given these events, then these rows; the same rows
 * when the events are applied a second time; and the same rows after a restart at every point of the log (the events
 * before it applied as one batch by one set of projections, the rest by a new set, as a projector restarted from its
 * checkpoint does).
 */
export async function verifyProjection(label: string, spec: ProjectionSpec): Promise<void> {
  const clickhouse = await freshClickHouse(label)
  try {
    await verifyOn(clickhouse, spec)
  } finally {
    await dropDatabase(clickhouse)
  }
}

async function verifyOn(clickhouse: ClickHouse, spec: ProjectionSpec): Promise<void> {
  const projections = () => spec.projections(clickhouse)
  const tables = projections().at(-1)?.tables ?? []
  await applyAll(projections(), spec.given)
  await spec.then(clickhouse)
  const expected = await rowsOf(clickhouse, tables)

  await applyAll(projections(), spec.given)
  expect(await rowsOf(clickhouse, tables), 'the events applied twice').toEqual(expected)

  for (let restartAt = 1; restartAt < spec.given.length; restartAt += 1) {
    await emptyEveryTable(clickhouse)
    await applyAll(projections(), spec.given.slice(0, restartAt))
    await applyAll(projections(), spec.given.slice(restartAt))
    expect(await rowsOf(clickhouse, tables), `a restart after event ${restartAt} of ${spec.given.length}`).toEqual(expected)
  }
}

/** One batch through each projection, with the events it handles, as the projector applies it. */
async function applyAll(projections: readonly Projection[], events: readonly PositionedEvent[]): Promise<void> {
  const version = Number(events.at(-1)?.position.prepare ?? 0n)
  for (const projection of projections) {
    const handled = events.filter(({ event }) => projection.handles.has(event.type))
    if (handled.length > 0) await projection.apply(handled, version)
  }
}

/** Each table's rows (deduplicated, in a stable order), without the columns that count applications. */
async function rowsOf(clickhouse: ClickHouse, tables: readonly string[]): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {}
  for (const table of tables) {
    const leftOut = Object.keys(differsBetweenRuns[table] ?? {})
    const result = await clickhouse.client.query({
      query: `SELECT * ${leftOut.length > 0 ? `EXCEPT (${leftOut.join(', ')})` : ''} FROM ${clickhouse.table(table)} FINAL ORDER BY ALL`,
      format: 'JSONEachRow',
    })
    rows[table] = await result.json()
  }
  return rows
}

async function emptyEveryTable(clickhouse: ClickHouse): Promise<void> {
  const result = await clickhouse.client.query({
    query: `SELECT name FROM system.tables WHERE database = {database:String} AND engine NOT IN ('View', 'MaterializedView')
            AND name != 'schema_migrations'`,
    query_params: { database: clickhouse.database },
    format: 'JSONCompactEachRow',
  })
  for (const [table] of await result.json<[string]>()) await clickhouse.client.command({ query: `TRUNCATE TABLE ${clickhouse.table(table)}` })
}
