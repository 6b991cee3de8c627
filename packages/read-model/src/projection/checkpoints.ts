import { toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'

export interface Checkpoint {
  /** The last event applied, or null before the first. */
  position: { commit: bigint; prepare: bigint } | null
  /** Events applied so far (re-applications after a crash included); also the version of the rows written. */
  eventsProcessed: number
  /**
   * The version of the rows written when it is above eventsProcessed: after a batch failed and was halved, its parts
   * are applied above every version the failed attempt wrote, so that what it wrote never wins over them.
   */
  rowVersion?: number
}

/** The version the rows of the batch that ended at this checkpoint carry; later batches must write above it. */
export const rowVersionOf = (checkpoint: Checkpoint): number => Math.max(checkpoint.eventsProcessed, checkpoint.rowVersion ?? 0)

const start: Checkpoint = { position: null, eventsProcessed: 0 }

/** Where a projection stands: the start of the log if it has applied nothing yet. */
export async function readCheckpoint(clickhouse: ClickHouse, projection: string): Promise<Checkpoint> {
  return (await readCheckpoints(clickhouse, [projection])).get(projection) ?? start
}

/** Where each of these projections stands, for those that have applied anything. */
export async function readCheckpoints(clickhouse: ClickHouse, projections: readonly string[]): Promise<Map<string, Checkpoint>> {
  const result = await clickhouse.client.query({
    query: `SELECT projection_name, toString(commit_position) AS commit, toString(prepare_position) AS prepare, events_processed,
                   row_version
            FROM ${clickhouse.table('projection_checkpoints')} FINAL WHERE projection_name IN {projections:Array(String)}`,
    query_params: { projections },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ projection_name: string; commit: string; prepare: string; events_processed: string | number; row_version: string | number }>()
  return new Map(
    rows.map((row) => {
      const eventsProcessed = Number(row.events_processed)
      const rowVersion = Number(row.row_version)
      const position = row.commit === '0' && row.prepare === '0' ? null : { commit: BigInt(row.commit), prepare: BigInt(row.prepare) }
      return [row.projection_name, rowVersion > eventsProcessed ? { position, eventsProcessed, rowVersion } : { position, eventsProcessed }]
    }),
  )
}

export function writeCheckpoint(clickhouse: ClickHouse, projection: string, checkpoint: Checkpoint): Promise<void> {
  return writeCheckpoints(clickhouse, [projection], checkpoint)
}

/**
 * Moves several projections to the same checkpoint in one insert: they move together or not at all. The start of the
 * log (no position yet) is kept as 0/0, before every event: so a history loaded straight into ClickHouse (the bench's)
 * can be counted in eventsProcessed before the log holds anything.
 */
export async function writeCheckpoints(clickhouse: ClickHouse, projections: readonly string[], checkpoint: Checkpoint): Promise<void> {
  const position = checkpoint.position ?? { commit: 0n, prepare: 0n }
  if (projections.length === 0) return
  const updatedAt = toClickHouseTime(new Date().toISOString())
  await clickhouse.client.insert({
    table: clickhouse.table('projection_checkpoints'),
    values: projections.map((projection) => ({
      projection_name: projection,
      commit_position: position.commit.toString(),
      prepare_position: position.prepare.toString(),
      events_processed: checkpoint.eventsProcessed,
      row_version: rowVersionOf(checkpoint),
      updated_at: updatedAt,
    })),
    format: 'JSONEachRow',
  })
}
