import path from 'node:path'
import { isKurrentDbUrl, parseKurrentDbUrl } from './kurrentdb/connectionString.ts'

/** Where an event store lives, as told by its URL. */
export type EventStoreLocation =
  | { kind: 'pglite'; dataDir: string | undefined }
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'kurrentdb'; connectionString: string; streamPrefix: string | undefined }

const acceptedForms =
  '"memory:", "pglite:///absolute/dir", a directory path, "postgres://..." or "kurrentdb://host:2113?tls=false"'

/**
 * `memory:` is PGlite in memory (tests), `pglite:///abs/dir` or a plain path is PGlite in that directory (the embedded
 * default), `postgres://` and `postgresql://` are a PostgreSQL server, `kurrentdb://`, `esdb://` and their `+discover`
 * forms a KurrentDB (EventStoreDB) node or cluster; `connectionString` is then the form `@eventstore/db-client` takes.
 */
export function parseEventStoreUrl(url: string): EventStoreLocation {
  const text = url.trim()
  if (text === '') throw new Error(`empty event store URL: use ${acceptedForms}`)
  if (text === 'memory:' || text === 'memory://') return { kind: 'pglite', dataDir: undefined }
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', connectionString: text }
  if (isKurrentDbUrl(text)) return { kind: 'kurrentdb', ...parseKurrentDbUrl(text) }
  if (/^pglite:/i.test(text)) {
    const { pathname, host } = new URL(text)
    if (host !== '' || pathname === '' || pathname === '/') {
      throw new Error(`invalid event store URL "${url}": pglite URLs name an absolute directory, pglite:///var/data`)
    }
    return { kind: 'pglite', dataDir: decodeURIComponent(pathname) }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw new Error(`unsupported event store URL "${url}": use ${acceptedForms}`)
  return { kind: 'pglite', dataDir: path.resolve(text) }
}
