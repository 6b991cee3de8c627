import { mkdirSync } from 'node:fs'
import { createClient, type ClickHouseClient, type ClickHouseClientConfigOptions } from '@clickhouse/client'

export interface ClickHouseOptions {
  /** A ClickHouse server over HTTP, e.g. http://default:@127.0.0.1:8123. Without it, chDB runs in this process. */
  url?: string
  /** chDB's data directory (embedded mode only). */
  path?: string
  database: string
}

/**
 * One ClickHouse client whatever the deployment: `@clickhouse/client` over HTTP for a server, or over chDB's
 * connection hook in-process. Tables are always named with their database, because chDB ignores a default database.
 * SQL written for it aliases a table expression with one letter only, and a database is named with two or more: in a
 * scope with a table alias `p`, ClickHouse resolves `p.deals` against the alias first and fails, quoted or not.
 */
export interface ClickHouse {
  client: ClickHouseClient
  database: string
  embedded: boolean
  /** `name` qualified with the database, for SQL text. */
  table(name: string): string
  close(): Promise<void>
}

/**
 * A server's statements may run for minutes (a rebuild step, a replay's staging), longer than the idle timeout of a
 * load balancer between us and ClickHouse (60 s on many). With progress headers every 20 s the connection is never idle
 * that long; a five-minute statement sends fifteen small headers.
 */
const serverSettings = {
  date_time_input_format: 'best_effort',
  send_progress_in_http_headers: 1,
  http_headers_progress_interval_ms: '20000',
} as const

export async function openClickHouse(options: ClickHouseOptions): Promise<ClickHouse> {
  if (!/^[A-Za-z_][A-Za-z0-9_]+$/.test(options.database)) {
    throw new Error(
      `ClickHouse database name '${options.database}' must be a plain identifier of two characters or more: ` +
        'queries alias the tables they join with one letter, and ClickHouse reads `p.deals` as a column of the alias `p` ' +
        'when one is in scope, before the database p',
    )
  }
  const embedded = options.url === undefined
  if (embedded && options.path) mkdirSync(options.path, { recursive: true })
  const client = embedded
    ? createClient({ connection: await chdbConnection(options.path ?? ':memory:') })
    : createClient({ url: options.url, request_timeout: 300_000, clickhouse_settings: serverSettings })
  return {
    client,
    database: options.database,
    embedded,
    table: (name) => `${options.database}.${name}`,
    close: () => client.close(),
  }
}

/**
 * chDB implements the connection interface of @clickhouse/client-common, which @clickhouse/client bundles as its own
 * copy since 1.23: the same shape under two declarations, so the types need this one bridge.
 */
async function chdbConnection(path: string): Promise<ClickHouseClientConfigOptions['connection']> {
  // Imported only when embedded: loading chDB maps its 540 MB engine, which a ClickHouse server deployment never needs.
  const { createChdbConnection } = await import('chdb/connection')
  return createChdbConnection({ path }) as unknown as ClickHouseClientConfigOptions['connection']
}
