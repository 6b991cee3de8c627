import type { ApiKeyStore } from './apiKeyStore.ts'
import type { EventStore } from './eventStore.ts'
import { parseEventStoreUrl } from './eventStoreUrl.ts'
import { KurrentDbEventStore } from './kurrentdb/kurrentDbEventStore.ts'
import { PgliteExecutor } from './pgliteExecutor.ts'
import { PostgresExecutor } from './postgresExecutor.ts'
import type { PersonVault } from './personVault.ts'
import { SqlApiKeyStore } from './sqlApiKeyStore.ts'
import { SqlPersonVault } from './sqlPersonVault.ts'
import { defaultSchema, SqlEventStore } from './sqlEventStore.ts'
import type { SqlExecutor } from './sqlExecutor.ts'

export interface OpenEventStoreOptions {
  /** PostgreSQL schema holding the tables (default `attribution`); tests use a schema of their own. */
  schema?: string
  /** Connections in the PostgreSQL pool. */
  poolSize?: number
  /**
   * KurrentDB: the prefix of the store's stream names (default `attribution-`, or the URL's `streamPrefix=`); tests use
   * a prefix of their own.
   */
  streamPrefix?: string
  /** The person vault's install secret (PERSON_VAULT_SECRET); without it, one kept in the database is used. */
  vaultSecret?: string
}

/** The event store and, where its database is SQL, the API keys kept beside the log. */
export interface EventDatabase {
  events: EventStore
  /** Undefined for KurrentDB, which has no table to keep them in. */
  apiKeys: ApiKeyStore | undefined
  /** Undefined for KurrentDB: its deployments keep the vault in a PostgreSQL database of their own (`openPersonVault`). */
  vault: PersonVault | undefined
}

/** Opens the event store a URL names (see `parseEventStoreUrl`), creating its tables if needed. */
export async function openEventStore(url: string, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  return (await openEventDatabase(url, options)).events
}

/**
 * The event store and its API keys on one connection (PGlite allows one per directory). Closing the event store closes
 * the connection; the key store's own `close` then does nothing.
 */
export async function openEventDatabase(url: string, options: OpenEventStoreOptions = {}): Promise<EventDatabase> {
  const location = parseEventStoreUrl(url)
  if (location.kind === 'kurrentdb') {
    const events = await KurrentDbEventStore.open(location.connectionString, {
      streamPrefix: options.streamPrefix ?? location.streamPrefix,
    })
    return { events, apiKeys: undefined, vault: undefined }
  }
  const { events, executor, schema } = await openSqlEventStore(location, options)
  const vault = await SqlPersonVault.open(executor, schema, options.vaultSecret)
  return { events, apiKeys: new SqlApiKeyStore(executor, schema), vault }
}

/**
 * The person vault alone, in the PostgreSQL database a URL names (PERSON_VAULT_URL beside KurrentDB), creating its
 * tables if needed; `close` closes its connection.
 */
export async function openPersonVault(url: string, options: OpenEventStoreOptions = {}): Promise<{ vault: PersonVault; close(): Promise<void> }> {
  const location = parseEventStoreUrl(url)
  if (location.kind === 'kurrentdb') throw new Error('KurrentDB keeps no person vault: name a PostgreSQL database for it (PERSON_VAULT_URL=postgres://...)')
  const { events, executor, schema } = await openSqlEventStore(location, options)
  return { vault: await SqlPersonVault.open(executor, schema, options.vaultSecret), close: () => events.close() }
}

/**
 * The API keys of the event store a URL names, alone (for `attribution keys`), creating the tables if needed. A
 * KurrentDB URL is refused: its deployments keep keys in a PostgreSQL database of their own (API_KEYS_URL).
 */
export async function openApiKeyStore(url: string, options: OpenEventStoreOptions = {}): Promise<ApiKeyStore> {
  const location = parseEventStoreUrl(url)
  if (location.kind === 'kurrentdb') {
    throw new Error('KurrentDB keeps no API keys: name a PostgreSQL database for them (API_KEYS_URL=postgres://...)')
  }
  // The event store creates the tables and owns the connection: closing the key store closes it.
  const { events, executor, schema } = await openSqlEventStore(location, options)
  return new SqlApiKeyStore(executor, schema, () => events.close())
}

async function openSqlEventStore(
  location: { kind: 'pglite'; dataDir: string | undefined } | { kind: 'postgres'; connectionString: string },
  options: OpenEventStoreOptions,
): Promise<{ events: EventStore; executor: SqlExecutor; schema: string }> {
  const executor: SqlExecutor =
    location.kind === 'pglite'
      ? await PgliteExecutor.open(location.dataDir)
      : new PostgresExecutor({ connectionString: location.connectionString, poolSize: options.poolSize })
  const schema = options.schema ?? defaultSchema
  const onServer = location.kind === 'postgres'
  const events = await SqlEventStore.open(executor, { schema, analyzeAsItGrows: !onServer, readAhead: onServer })
  return { events, executor, schema }
}
