import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { ClickHouse } from './connection.ts'

export interface Migration {
  version: number
  name: string
  statements: string[]
}

/** The numbered `.sql` files of `dir` in order; `{{db}}` stands for the configured database. */
export function loadMigrations(database: string, dir: string): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.split('_')[0]),
      name: file,
      statements: splitStatements(readFileSync(path.join(dir, file), 'utf8').replaceAll('{{db}}', database)),
    }))
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0)
}

/**
 * Applies the migrations of `dir` (numbered `.sql` files) the database has not seen yet, each once, in order. Returns
 * the names applied.
 */
export async function migrate(clickhouse: ClickHouse, dir: string): Promise<string[]> {
  const { client, database } = clickhouse
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` })
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${clickhouse.table('schema_migrations')}
            (version UInt32, name String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = ReplacingMergeTree ORDER BY version`,
  })
  const result = await client.query({
    query: `SELECT version FROM ${clickhouse.table('schema_migrations')} FINAL`,
    format: 'JSONEachRow',
  })
  const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)))
  const pending = loadMigrations(database, dir).filter((migration) => !applied.has(migration.version))
  for (const migration of pending) {
    for (const statement of migration.statements) await client.command({ query: statement })
    await client.insert({
      table: clickhouse.table('schema_migrations'),
      values: [{ version: migration.version, name: migration.name }],
      format: 'JSONEachRow',
    })
  }
  return pending.map((migration) => migration.name)
}
