import type { ActiveApiKey, ApiKeyRecord, ApiKeyStore } from './apiKeyStore.ts'
import { ApiKeyNameTaken } from './apiKeyStore.ts'
import { sqlStateOf, type SqlQueryable } from './sqlExecutor.ts'

interface KeyRow {
  name: string
  scopes: string
  created_at: string
  last_used_at: string | null
}

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`

/**
 * The API keys table of the SQL event store (schema.sql creates it with the events table). It shares the store's
 * executor: PGlite is one connection per directory, so the keys must go through the same one.
 */
export class SqlApiKeyStore implements ApiKeyStore {
  private readonly table: string

  constructor(
    private readonly executor: SqlQueryable,
    schema: string,
    private readonly closeExecutor: () => Promise<void> = async () => undefined,
  ) {
    this.table = `"${schema}".api_keys`
  }

  async create(key: ActiveApiKey): Promise<ApiKeyRecord> {
    try {
      const [row] = await this.executor.query<KeyRow>(
        `insert into ${this.table} (name, scopes, key_hash) values ($1, $2::text[], $3)
         returning name, array_to_string(scopes, ',') as scopes, ${utc('created_at')} as created_at, null as last_used_at`,
        [key.name, key.scopes, key.hash],
      )
      return toRecord(row as KeyRow)
    } catch (error) {
      if (sqlStateOf(error) === '23505') throw new ApiKeyNameTaken(key.name)
      throw error
    }
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.executor.query<KeyRow>(
      `select name, array_to_string(scopes, ',') as scopes, ${utc('created_at')} as created_at,
        ${utc('last_used_at')} as last_used_at from ${this.table} order by name`,
    )
    return rows.map(toRecord)
  }

  async revoke(name: string): Promise<boolean> {
    const rows = await this.executor.query<{ name: string }>(`delete from ${this.table} where name = $1 returning name`, [name])
    return rows.length > 0
  }

  async active(): Promise<ActiveApiKey[]> {
    const rows = await this.executor.query<{ name: string; scopes: string; key_hash: string }>(
      `select name, array_to_string(scopes, ',') as scopes, key_hash from ${this.table}`,
    )
    return rows.map((row) => ({ name: row.name, scopes: splitScopes(row.scopes), hash: row.key_hash }))
  }

  async markUsed(names: string[], at: Date): Promise<void> {
    if (names.length === 0) return
    await this.executor.query(
      `update ${this.table} set last_used_at = greatest(last_used_at, $2::timestamptz) where name = any($1::text[])`,
      [names, at.toISOString()],
    )
  }

  close(): Promise<void> {
    return this.closeExecutor()
  }
}

const splitScopes = (text: string): string[] => (text === '' ? [] : text.split(','))

function toRecord(row: KeyRow): ApiKeyRecord {
  return { name: row.name, scopes: splitScopes(row.scopes), createdAt: row.created_at, lastUsedAt: row.last_used_at }
}
