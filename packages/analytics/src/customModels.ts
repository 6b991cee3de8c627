import { parseCustomWeights, type CustomWeights } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { selectRows } from './select.ts'

/** A custom model saved by name: the weights everyone who names it gets. */
export interface StoredCustomModel {
  name: string
  weights: CustomWeights
  savedAt: string
}

/** Every saved custom model, by name; or the one named. */
export async function loadCustomModels(clickhouse: ClickHouse, name?: string): Promise<StoredCustomModel[]> {
  const rows = await selectRows<{ name: string; weights: Record<string, number>; saved_ms: string | number }>(
    clickhouse,
    `SELECT name, weights, toUnixTimestamp64Milli(occurred_at) AS saved_ms
     FROM ${clickhouse.table('custom_models')} FINAL
     WHERE {name:String} = '' OR name = {name:String}
     ORDER BY name`,
    { name: name ?? '' },
  )
  return rows.map((row) => {
    // The contract checked the weights when the event came in; read back, they are the same numbers.
    const parsed = parseCustomWeights(row.weights)
    if (!parsed.ok) throw new Error(`custom model ${row.name} holds invalid weights: ${JSON.stringify(parsed.errors)}`)
    return { name: row.name, weights: parsed.weights, savedAt: new Date(Number(row.saved_ms)).toISOString() }
  })
}
