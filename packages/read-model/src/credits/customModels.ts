import { parseCustomWeights, type CustomWeights } from '@attribution/domain'
import { selectRows, type ClickHouse } from '@attribution/clickhouse'

/** A custom model saved by name: the weights everyone who names it gets. */
export interface StoredCustomModel {
  name: string
  weights: CustomWeights
  savedAt: string
  /** The save's position in the log: saving a name again gives it a newer one. */
  position: string
}

/** Every saved custom model, by name; or the one named. */
export async function loadCustomModels(clickhouse: ClickHouse, name?: string): Promise<StoredCustomModel[]> {
  const rows = await selectRows<{ name: string; weights: Record<string, number>; saved_ms: string | number; position: string }>(
    clickhouse,
    `SELECT name, weights, toUnixTimestamp64Milli(occurred_at) AS saved_ms, toString(position) AS position
     FROM ${clickhouse.table('custom_models')} FINAL
     WHERE {name:String} = '' OR name = {name:String}
     ORDER BY name`,
    { name: name ?? '' },
  )
  return rows.map((row) => ({
    name: row.name,
    weights: storedWeights(row.name, row.weights),
    savedAt: new Date(Number(row.saved_ms)).toISOString(),
    position: row.position,
  }))
}

/** Weights read back from a table: the contract checked them when the event came in, so they are the same numbers. */
export function storedWeights(name: string, weights: Record<string, number>): CustomWeights {
  const parsed = parseCustomWeights(weights)
  if (!parsed.ok) throw new Error(`custom model ${name} holds invalid weights: ${JSON.stringify(parsed.errors)}`)
  return parsed.weights
}
