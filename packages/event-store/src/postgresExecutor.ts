import pg from 'pg'
import { inTransaction, type SqlExecutor, type SqlQueryable } from './sqlExecutor.ts'

export interface PostgresExecutorOptions {
  connectionString: string
  /** Connections in the pool: concurrent appends and reads each hold one. */
  poolSize?: number
}

export class PostgresExecutor implements SqlExecutor {
  private readonly pool: pg.Pool

  constructor(options: PostgresExecutorOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 })
    // An idle connection dropped by the server emits 'error' on the pool, which would crash the process unhandled;
    // the pool replaces the connection and the next query reports any lasting problem.
    this.pool.on('error', () => undefined)
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(text, [...params])
    return result.rows as Row[]
  }

  async exec(script: string): Promise<void> {
    // Without parameters pg uses the simple query protocol, which accepts several statements.
    await this.pool.query(script)
  }

  async transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      return await inTransaction(
        {
          query: async <Row>(text: string, params: readonly unknown[] = []) =>
            (await client.query(text, [...params])).rows as Row[],
        },
        fn,
      )
    } finally {
      client.release()
    }
  }

  close(): Promise<void> {
    return this.pool.end()
  }
}
