import type { ClickHouse } from '@attribution/clickhouse'

/**
 * The ids persons were sent with, for the BI views that show persons (migration 020): pseudonym to id, in a table
 * ClickHouse keeps in memory only. The person vault is their source; the projector copies its entries here.
 */
export interface PersonName {
  pseudonym: string
  identifier: string
}

export async function writePersonNames(clickhouse: ClickHouse, names: readonly PersonName[]): Promise<void> {
  if (names.length === 0) return
  await clickhouse.client.insert({ table: clickhouse.table('person_names'), values: names as PersonName[], format: 'JSONEachRow' })
}

/** Empties the table: the projector fills it again from the vault when it starts. */
export async function clearPersonNames(clickhouse: ClickHouse): Promise<void> {
  await clickhouse.client.command({ query: `TRUNCATE TABLE ${clickhouse.table('person_names')}` })
}

/** Forgets erased pseudonyms' ids: the views show the pseudonym from then on. */
export async function forgetPersonNames(clickhouse: ClickHouse, pseudonyms: readonly string[]): Promise<void> {
  if (pseudonyms.length === 0) return
  await clickhouse.client.command({
    query: `ALTER TABLE ${clickhouse.table('person_names')} DELETE WHERE pseudonym IN {pseudonyms:Array(String)}`,
    query_params: { pseudonyms },
    clickhouse_settings: { mutations_sync: '2' },
  })
}
