import type { ClickHouse } from './connection.ts'
import type { Row, TableRows } from './row.ts'

/** Inserts each table's rows of one batch in a single insert (ClickHouse wants few, large inserts). */
export async function writeRows(clickhouse: ClickHouse, tables: TableRows): Promise<void> {
  for (const [table, rows] of tables) {
    if (rows.length === 0) continue
    await clickhouse.client.insert({ table: clickhouse.table(table), values: rows, format: 'JSONEachRow' })
  }
}

/** Rows as JSONCompactEachRow text: one column list, and a JSON array of values per row under it. */
export interface CompactRows {
  columns: string[]
  text: string
}

/**
 * Arrays under one column list, because ClickHouse reads them in about half the time of keyed objects. Every row must
 * list its keys in the same order, as rows built by one object literal do.
 */
export function compactRows(rows: readonly Row[]): CompactRows {
  return { columns: Object.keys(rows[0] ?? {}), text: rows.map((row) => JSON.stringify(Object.values(row))).join('\n') }
}

export async function insertCompact(clickhouse: ClickHouse, table: string, { columns, text }: CompactRows): Promise<void> {
  if (text === '') return
  // The text is in the format already, so it goes as the statement's data, not through the client's encoder (which
  // wants objects). ClickHouse reads the data after FORMAT as a stream, whatever its size.
  await clickhouse.client.command({
    query: `INSERT INTO ${clickhouse.table(table)} (${columns.join(', ')}) FORMAT JSONCompactEachRow\n${text}`,
  })
}

/** Deletes the rows of `table` that match `where`, before it returns (a mutation, so for rare corrections only). */
export function deleteWhere(clickhouse: ClickHouse, table: string, where: string, params: Record<string, unknown>): Promise<unknown> {
  return clickhouse.client.command({
    query: `ALTER TABLE ${clickhouse.table(table)} DELETE WHERE ${where}`,
    query_params: params,
    clickhouse_settings: { mutations_sync: '1' },
  })
}
