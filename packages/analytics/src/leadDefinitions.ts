import type { ClickHouse } from './connection.ts'

export interface StoredLeadDefinition {
  definitionId: string
  version: number
  name: string
  format: 'yaml' | 'json'
  document: string
  publishedAt: string
}

/** Every published version, newest version of each definition first. */
export async function loadLeadDefinitions(clickhouse: ClickHouse, definitionId?: string): Promise<StoredLeadDefinition[]> {
  const result = await clickhouse.client.query({
    query: `
      SELECT definition_id, version, name, format, document,
             toUnixTimestamp64Milli(published_at) AS published_ms
      FROM ${clickhouse.table('lead_definitions')} FINAL
      WHERE {definitionId:String} = '' OR definition_id = {definitionId:String}
      ORDER BY definition_id, version DESC`,
    query_params: { definitionId: definitionId ?? '' },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{
    definition_id: string
    version: number
    name: string
    format: 'yaml' | 'json'
    document: string
    published_ms: string | number
  }>()
  return rows.map((row) => ({
    definitionId: row.definition_id,
    version: Number(row.version),
    name: row.name,
    format: row.format,
    document: row.document,
    publishedAt: new Date(Number(row.published_ms)).toISOString(),
  }))
}
