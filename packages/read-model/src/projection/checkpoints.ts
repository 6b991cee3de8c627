import { toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'

export interface Checkpoint {
  /** The last event applied, or null before the first. */
  position: { commit: bigint; prepare: bigint } | null
  /** Events applied so far (re-applications after a crash included); also the row's version. */
  eventsProcessed: number
}

const start: Checkpoint = { position: null, eventsProcessed: 0 }

/** Where a projection stands: the start of the log if it has applied nothing yet. */
export async function readCheckpoint(clickhouse: ClickHouse, projection: string): Promise<Checkpoint> {
  return (await readCheckpoints(clickhouse, [projection])).get(projection) ?? start
}

/** Where each of these projections stands, for those that have applied anything. */
export async function readCheckpoints(clickhouse: ClickHouse, projections: readonly string[]): Promise<Map<string, Checkpoint>> {
  const result = await clickhouse.client.query({
    query: `SELECT projection_name, toString(commit_position) AS commit, toString(prepare_position) AS prepare, events_processed
            FROM ${clickhouse.table('projection_checkpoints')} FINAL WHERE projection_name IN {projections:Array(String)}`,
    query_params: { projections },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ projection_name: string; commit: string; prepare: string; events_processed: string | number }>()
  return new Map(
    rows.map((row) => [
      row.projection_name,
      { position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) }, eventsProcessed: Number(row.events_processed) },
    ]),
  )
}

export function writeCheckpoint(clickhouse: ClickHouse, projection: string, checkpoint: Checkpoint): Promise<void> {
  return writeCheckpoints(clickhouse, [projection], checkpoint)
}

/** Moves several projections to the same checkpoint in one insert: they move together or not at all. */
export async function writeCheckpoints(clickhouse: ClickHouse, projections: readonly string[], checkpoint: Checkpoint): Promise<void> {
  const { position } = checkpoint
  if (!position || projections.length === 0) return
  const updatedAt = toClickHouseTime(new Date().toISOString())
  await clickhouse.client.insert({
    table: clickhouse.table('projection_checkpoints'),
    values: projections.map((projection) => ({
      projection_name: projection,
      commit_position: position.commit.toString(),
      prepare_position: position.prepare.toString(),
      events_processed: checkpoint.eventsProcessed,
      updated_at: updatedAt,
    })),
    format: 'JSONEachRow',
  })
}
