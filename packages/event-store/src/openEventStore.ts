import type { EventStore } from './eventStore.ts'
import { parseEventStoreUrl } from './eventStoreUrl.ts'
import { PgliteExecutor } from './pgliteExecutor.ts'
import { PostgresExecutor } from './postgresExecutor.ts'
import { SqlEventStore } from './sqlEventStore.ts'

export interface OpenEventStoreOptions {
  /** PostgreSQL schema holding the tables (default `attribution`); tests use a schema of their own. */
  schema?: string
  /** Connections in the PostgreSQL pool. */
  poolSize?: number
}

/** Opens the event store a URL names (see `parseEventStoreUrl`), creating its tables if needed. */
export async function openEventStore(url: string, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  const location = parseEventStoreUrl(url)
  const executor =
    location.kind === 'pglite'
      ? await PgliteExecutor.open(location.dataDir)
      : new PostgresExecutor({ connectionString: location.connectionString, poolSize: options.poolSize })
  return SqlEventStore.open(executor, { schema: options.schema })
}
