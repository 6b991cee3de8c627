import type { ClickHouse } from './connection.ts'

/** The rows of a SELECT, one object per row. */
export async function selectRows<T>(clickhouse: ClickHouse, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await clickhouse.client.query({ query, query_params: params, format: 'JSONEachRow' })
  return result.json<T>()
}

/** The rows of a SELECT as arrays of their columns' values, in the order it names them: no key is repeated per row. */
export async function selectTuples<T extends unknown[]>(clickhouse: ClickHouse, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await clickhouse.client.query({ query, query_params: params, format: 'JSONCompactEachRow' })
  return result.json<T>()
}
