import path from 'node:path'

/** Where an event store lives, as told by its URL. */
export type EventStoreLocation =
  | { kind: 'pglite'; dataDir: string | undefined }
  | { kind: 'postgres'; connectionString: string }

const acceptedForms = '"memory:", "pglite:///absolute/dir", a directory path, or "postgres://..."'

/**
 * `memory:` is PGlite in memory (tests), `pglite:///abs/dir` or a plain path is PGlite in that directory (the embedded
 * default), `postgres://` and `postgresql://` are a PostgreSQL server.
 */
export function parseEventStoreUrl(url: string): EventStoreLocation {
  const text = url.trim()
  if (text === '') throw new Error(`empty event store URL: use ${acceptedForms}`)
  if (text === 'memory:' || text === 'memory://') return { kind: 'pglite', dataDir: undefined }
  if (/^postgres(ql)?:\/\//i.test(text)) return { kind: 'postgres', connectionString: text }
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
