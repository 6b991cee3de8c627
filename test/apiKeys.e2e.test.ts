import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { buildApp, hashApiKey, newApiKey } from '@attribution/api'
import { engineStatus, fakePorts } from '@attribution/api/testing'
import { openApiKeyStore, type ApiKeyStore } from '@attribution/event-store'
import { CliProcesses, freePort } from './support/cliProcess.ts'
import { temporaryDataDir } from './support/engine.ts'

const cli = path.resolve('node_modules/.bin/attribution')
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

async function attribution(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(cli, args, { env: { ...process.env, LOG_LEVEL: 'silent', ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('attribution keys, on the embedded data directory', () => {
  const data = temporaryDataDir('keys')
  afterAll(() => data.remove())

  it('creates a key printed once as the last line, lists it without the key, revokes it', async () => {
    const created = await attribution(['keys', 'create', '--name', 'crm-sync', '--scope', 'ingest,read', '--data-dir', data.dir])
    expect(created.code, created.stderr).toBe(0)
    const key = created.stdout.trim().split('\n').at(-1) ?? ''
    expect(key).toMatch(/^attr_[A-Za-z0-9_-]{43}$/)
    const listed = await attribution(['keys', 'list', '--data-dir', data.dir])
    expect(listed.stdout).toMatch(/crm-sync\s+ingest,read\s+\d{4}-\d\d-\d\dT\S+Z\s+never/)
    expect(listed.stdout + listed.stderr).not.toContain(key)
    const taken = await attribution(['keys', 'create', '--name', 'crm-sync', '--scope', 'admin', '--data-dir', data.dir])
    expect(taken.code).toBe(2)
    expect(taken.stderr).toContain("a key named 'crm-sync' exists")
    const badScope = await attribution(['keys', 'create', '--name', 'x', '--scope', 'write', '--data-dir', data.dir])
    expect(badScope.stderr).toContain("unknown scope 'write': use ingest, read, admin")
    expect((await attribution(['keys', 'revoke', 'crm-sync', '--data-dir', data.dir])).code).toBe(0)
    expect((await attribution(['keys', 'list', '--data-dir', data.dir])).stderr).toContain('protected mode')
  })

  it('refuses to start on a non-loopback address while no key exists, saying how to create one', async () => {
    const started = await attribution(['start', '--host', '0.0.0.0', '--port', '0', '--no-sample', '--data-dir', data.dir])
    expect(started.code).toBe(2)
    expect(started.stderr).toContain('will not listen on 0.0.0.0')
    expect(started.stderr).toContain(`--data-dir ${data.dir} attribution keys create --name admin --scope admin`)
    const served = await attribution(['serve', '--host', '0.0.0.0', '--port', '0'], { EVENT_STORE_URL: 'kurrentdb://127.0.0.1:1?tls=false' })
    expect(served.code).toBe(2)
    expect(served.stderr).toContain('API_KEYS_URL')
  })
})

describe('attribution start once a key exists', () => {
  const data = temporaryDataDir('keys-start')
  const processes = new CliProcesses()
  afterAll(async () => {
    await processes.killAll()
    data.remove()
  })

  it('rolls the sample definitions out with a key of its own, revoked after; every client then needs a key', async () => {
    const created = await attribution(['keys', 'create', '--name', 'ops', '--scope', 'read', '--data-dir', data.dir])
    const key = created.stdout.trim().split('\n').at(-1) ?? ''
    const port = await freePort()
    const engine = processes.start(['start', '--port', String(port), '--sample-accounts', '3', '--data-dir', data.dir], {})
    await engine.printed('engine ready', 180_000)
    const url = `http://127.0.0.1:${port}`
    expect((await fetch(`${url}/v1/lead-definitions`)).status).toBe(401)
    const definitions = await fetch(`${url}/v1/lead-definitions`, { headers: { authorization: `Bearer ${key}` } })
    expect(definitions.status).toBe(200)
    expect(((await definitions.json()) as { active: { definitionId: string } | null }).active?.definitionId).toBe('intent-and-fit')
    // Its embedded database takes one process at a time: the keys wait until it has stopped.
    const meanwhile = await attribution(['keys', 'create', '--name', 'late', '--scope', 'read', '--data-dir', data.dir])
    expect(meanwhile.code).toBe(2)
    expect(meanwhile.stderr).toContain('is running on')
    await engine.stop('SIGTERM')
    const listed = await attribution(['keys', 'list', '--data-dir', data.dir])
    expect(listed.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0])).toEqual(['NAME', 'ops'])
  })
})

describe('revocation across two API processes on one PostgreSQL store', () => {
  const schema = `api_keys_e2e_${process.pid}_${Date.now().toString(36)}`
  const opened: ApiKeyStore[] = []
  const open = async () => {
    const store = await openApiKeyStore(databaseUrl, { schema })
    opened.push(store)
    return store
  }

  afterAll(async () => {
    await Promise.allSettled(opened.map((store) => store.close()))
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    await client.query(`drop schema if exists "${schema}" cascade`)
    await client.end()
  })

  it('Given two API processes, When a key is revoked, Then both refuse it within seconds', async () => {
    // Each app reads the keys through a pool of its own, as two `attribution serve` processes would.
    const apps = await Promise.all([0, 1].map(async () => buildApp({ ...fakePorts({ status: async () => engineStatus() }), keys: await open() })))
    const admin = await open()
    const key = newApiKey()
    await admin.create({ name: 'dashboard', scopes: ['read'], hash: hashApiKey(key) })
    const statusOf = async (app: (typeof apps)[number]) =>
      (await app.inject({ url: '/v1/status', headers: { authorization: `Bearer ${key}` } })).statusCode
    expect(await Promise.all(apps.map(statusOf))).toEqual([200, 200])
    // Protected mode is over for both: a request from this machine without a key is refused.
    expect((await apps[1]!.inject({ url: '/v1/status' })).statusCode).toBe(401)

    const revokedAt = Date.now()
    await admin.revoke('dashboard')
    let statuses: number[] = []
    while (Date.now() - revokedAt < 10_000) {
      statuses = await Promise.all(apps.map(statusOf))
      if (statuses.every((status) => status === 401)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(statuses).toEqual([401, 401])
    expect(Date.now() - revokedAt).toBeLessThan(3_000)
    await Promise.all(apps.map((app) => app.close()))
  })
})
