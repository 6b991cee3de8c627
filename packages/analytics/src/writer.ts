import type { ClickHouse } from './connection.ts'
import type { TableRows } from './rows.ts'

/** Inserts each table's rows of one batch in a single insert (ClickHouse wants few, large inserts). */
export async function writeRows(clickhouse: ClickHouse, tables: TableRows): Promise<void> {
  for (const [table, rows] of tables) {
    if (rows.length === 0) continue
    await clickhouse.client.insert({ table: clickhouse.table(table), values: rows, format: 'JSONEachRow' })
  }
}
