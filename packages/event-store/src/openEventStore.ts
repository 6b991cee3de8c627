import type { EventStore } from './eventStore.ts'
import { parseEventStoreUrl } from './eventStoreUrl.ts'
import { KurrentDbEventStore } from './kurrentdb/kurrentDbEventStore.ts'
import { PgliteExecutor } from './pgliteExecutor.ts'
import { PostgresExecutor } from './postgresExecutor.ts'
import { SqlEventStore } from './sqlEventStore.ts'

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
}

/** Opens the event store a URL names (see `parseEventStoreUrl`), creating its tables if needed. */
export async function openEventStore(url: string, options: OpenEventStoreOptions = {}): Promise<EventStore> {
  const location = parseEventStoreUrl(url)
  switch (location.kind) {
    case 'pglite':
      return SqlEventStore.open(await PgliteExecutor.open(location.dataDir), { schema: options.schema, analyzeAsItGrows: true })
    case 'postgres':
      return SqlEventStore.open(
        new PostgresExecutor({ connectionString: location.connectionString, poolSize: options.poolSize }),
        { schema: options.schema },
      )
    case 'kurrentdb':
      return KurrentDbEventStore.open(location.connectionString, {
        streamPrefix: options.streamPrefix ?? location.streamPrefix,
      })
  }
}
