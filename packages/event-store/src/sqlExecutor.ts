/**
 * The little the SQL event store needs from a database driver, so one implementation of the store serves both the
 * `pg` pool and embedded PGlite. Rows come back as the driver parses them; the store casts every value it reads to a
 * type both drivers parse the same way (text, integer).
 */
export interface SqlQueryable {
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>
}

export interface SqlExecutor extends SqlQueryable {
  /** Runs a parameterless multi-statement script; PostgreSQL runs it as one implicit transaction. */
  exec(script: string): Promise<void>
  /** Runs `fn` in a transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** BEGIN, `fn`, COMMIT on a connection the caller holds exclusively; ROLLBACK and rethrow when `fn` fails. */
export async function inTransaction<T>(connection: SqlQueryable, fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
  await connection.query('begin')
  try {
    const result = await fn(connection)
    await connection.query('commit')
    return result
  } catch (error) {
    // A failed rollback means the connection itself is gone: the pool discards it and PGlite fails every later call,
    // so the error that caused the rollback is the one worth reporting.
    await connection.query('rollback').catch(() => undefined)
    throw error
  }
}

/** SQLSTATE of a driver error (both `pg` and PGlite put it on `code`). */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
