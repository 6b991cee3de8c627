import { toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'

export interface Checkpoint {
  /** The last event applied, or null before the first. */
  position: { commit: bigint; prepare: bigint } | null
  /** Events applied so far (re-applications after a crash included); also the row's version. */
  eventsProcessed: number
}

export async function readCheckpoint(clickhouse: ClickHouse, projection: string): Promise<Checkpoint> {
  const result = await clickhouse.client.query({
    query: `SELECT toString(commit_position) AS commit, toString(prepare_position) AS prepare, events_processed
            FROM ${clickhouse.table('projection_checkpoints')} FINAL WHERE projection_name = {projection:String}`,
    query_params: { projection },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ commit: string; prepare: string; events_processed: string | number }>()
  if (!row) return { position: null, eventsProcessed: 0 }
  return {
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    eventsProcessed: Number(row.events_processed),
  }
}

export async function writeCheckpoint(clickhouse: ClickHouse, projection: string, checkpoint: Checkpoint): Promise<void> {
  if (!checkpoint.position) return
  await clickhouse.client.insert({
    table: clickhouse.table('projection_checkpoints'),
    values: [
      {
        projection_name: projection,
        commit_position: checkpoint.position.commit.toString(),
        prepare_position: checkpoint.position.prepare.toString(),
        events_processed: checkpoint.eventsProcessed,
        updated_at: toClickHouseTime(new Date().toISOString()),
      },
    ],
    format: 'JSONEachRow',
  })
}
