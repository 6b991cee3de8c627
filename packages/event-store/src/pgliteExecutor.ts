import { execFile } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { inTransaction, type SqlExecutor, type SqlQueryable } from './sqlExecutor.ts'

/**
 * PGlite is one connection: a transaction left open by one caller would swallow another caller's statements. Every
 * query, script and transaction therefore waits its turn in one queue.
 */
export class PgliteExecutor implements SqlExecutor {
  private readonly db: PGlite
  private tail: Promise<unknown> = Promise.resolve()

  private constructor(db: PGlite) {
    this.db = db
  }

  /** `dataDir` undefined: in memory. */
  static async open(dataDir?: string): Promise<PgliteExecutor> {
    if (dataDir) await ensureCluster(dataDir)
    const db = new PGlite(dataDir, { startParams: [...PGlite.defaultStartParams, ...memorySettings] })
    await db.waitReady
    return new PgliteExecutor(db)
  }

  query<Row>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.serially(() => this.run<Row>(text, params))
  }

  exec(script: string): Promise<void> {
    return this.serially(async () => {
      await this.db.exec(script)
    })
  }

  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    // Inside the turn the transaction talks to the database directly; going through the queue would wait on itself.
    return this.serially(() => inTransaction({ query: (text, params = []) => this.run(text, params) }, fn))
  }

  close(): Promise<void> {
    return this.serially(() => this.db.close())
  }

  private async run<Row>(text: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query<Row>(text, [...params])
    return result.rows
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work)
    this.tail = result.catch(() => undefined)
    return result
  }
}

/**
 * PGlite's memory is a WebAssembly memory, which grows and never shrinks: every buffer PostgreSQL fills stays resident
 * for the engine's life. initdb writes shared_buffers = 128MB, sized for a server; the log is appended at its end and
 * read by position, so a small pool serves it as well and the operating system's page cache keeps the rest.
 */
const memorySettings = ['-c', 'shared_buffers=32MB']

const initCluster = fileURLToPath(new URL('./initPgliteDir.mjs', import.meta.url))

/**
 * Creates the cluster of a new data directory in a process of its own. initdb grows PGlite's WebAssembly memory to
 * about 900 MB, which a WebAssembly memory never gives back: done here, the engine would keep that for its whole life,
 * where opening an existing directory takes about 350 MB.
 */
async function ensureCluster(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return
  mkdirSync(dataDir, { recursive: true })
  await promisify(execFile)(process.execPath, [initCluster, dataDir])
}
