import { tmpdir } from 'node:os'
import path from 'node:path'
import { migrate, openClickHouse, type ClickHouse } from '@attribution/clickhouse'
import { migrationsFolder } from '@attribution/read-model'

/**
 * chDB allows one data directory per process, so every test in a process shares one and isolates itself in a database
 * of its own instead.
 */
const chdbPath = path.join(tmpdir(), `attribution-chdb-${process.pid}`)

let counter = 0
export async function freshClickHouse(label: string): Promise<ClickHouse> {
  counter += 1
  const clickhouse = await openClickHouse({ path: chdbPath, database: `test_${label}_${process.pid}_${counter}` })
  await migrate(clickhouse, migrationsFolder)
  return clickhouse
}

export async function dropDatabase(clickhouse: ClickHouse): Promise<void> {
  await clickhouse.client.command({ query: `DROP DATABASE IF EXISTS ${clickhouse.database}` })
  await clickhouse.close()
}

/**
 * The tables whose `version` counts the events applied when a row was computed, which depends on where batches ended.
 */
const versioned = (table: string): boolean => table.startsWith('credit_') || table === 'journey_milestones' || table === 'deal_conversions'

/** Every row of every projected table, deduplicated (FINAL) and in a stable order: what "the same tables" means. */
export async function projectedTables(clickhouse: ClickHouse): Promise<Record<string, unknown[]>> {
  const tables = [
    'touchpoints',
    'identity_links',
    'person_updates',
    'account_updates',
    'campaign_updates',
    'campaign_costs',
    'lead_events',
    'deal_events',
    'exchange_rates',
    'custom_models',
    'credit_lines',
    'credit_days',
    'credit_months',
    'journey_milestones',
    'deal_conversions',
  ]
  const entries = await Promise.all(
    tables.map(async (table) => {
      const result = await clickhouse.client.query({
        // Trainings of markov and shapley run in the background, so two projections train at different moments:
        // their credits are compared where trainings are tested (trainedModels.test.ts), not here.
        query: `SELECT * ${versioned(table) ? 'EXCEPT (version)' : ''} FROM ${clickhouse.table(table)} FINAL
                ${table.startsWith('credit_') ? `WHERE model NOT LIKE '%@%'` : ''} ORDER BY ALL`,
        format: 'JSONEachRow',
      })
      return [table, await result.json()] as const
    }),
  )
  return Object.fromEntries(entries)
}
