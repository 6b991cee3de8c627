import pg from 'pg'
import { inject } from 'vitest'

/** A database of its own on the test PostgreSQL server, for a process (a CLI child) that uses the default schema. */
export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('databaseUrl')
  const name = `attribution_${label}_${process.pid}_${Date.now()}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}

/** A real outage of one database: refuse new connections and end the open ones, until `restore` runs. */
export async function cutOffDatabase(databaseUrl: string): Promise<{ restore(): Promise<void> }> {
  const name = new URL(databaseUrl).pathname.slice(1)
  const serverUrl = inject('databaseUrl')
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    await client.query(sql)
    await client.end()
  }
  await run(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`)
  await run(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`)
  return { restore: () => run(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`) }
}
