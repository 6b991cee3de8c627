import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { ApiKeyNameTaken, type ApiKeyStore } from './apiKeyStore.ts'
import { openApiKeyStore } from './openEventStore.ts'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `api_keys_test_${process.pid}_${Date.now().toString(36)}`

afterAll(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`drop schema if exists "${schema}" cascade`)
  await client.end()
})

const stores: [string, () => Promise<ApiKeyStore>][] = [
  ['PGlite', () => openApiKeyStore('memory:')],
  ['PostgreSQL', () => openApiKeyStore(url, { schema })],
]

describe.each(stores)('API keys on %s', (_name, open) => {
  it('keeps hashes and scopes, lists without hashes, refuses a taken name, revokes by name, records use', async () => {
    const keys = await open()
    try {
      const created = await keys.create({ name: 'ci', scopes: ['ingest', 'read'], hash: 'h1' })
      expect(created).toMatchObject({ name: 'ci', scopes: ['ingest', 'read'], lastUsedAt: null })
      expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      await expect(keys.create({ name: 'ci', scopes: ['admin'], hash: 'h2' })).rejects.toBeInstanceOf(ApiKeyNameTaken)
      await keys.create({ name: 'ops', scopes: ['admin'], hash: 'h3' })
      expect(await keys.active()).toEqual(
        expect.arrayContaining([
          { name: 'ci', scopes: ['ingest', 'read'], hash: 'h1' },
          { name: 'ops', scopes: ['admin'], hash: 'h3' },
        ]),
      )
      await keys.markUsed(['ci'], new Date('2030-01-02T03:04:05Z'))
      await keys.markUsed(['ci'], new Date('2029-01-01T00:00:00Z'))
      const listed = await keys.list()
      expect(listed.map((key) => [key.name, key.lastUsedAt])).toEqual([
        ['ci', '2030-01-02T03:04:05Z'],
        ['ops', null],
      ])
      expect(JSON.stringify(listed)).not.toContain('h1')
      expect(await keys.revoke('ci')).toBe(true)
      expect(await keys.revoke('ci')).toBe(false)
      expect((await keys.active()).map((key) => key.name)).toEqual(['ops'])
    } finally {
      await keys.revoke('ops')
      await keys.close()
    }
  })
})
