import { rmSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@attribution/config'
import { openEngine, type Engine } from '@attribution/cli'
import { filesHolding } from './support/byteSearch.ts'
import { getJson, postJson, temporaryDataDir, waitUntilProjected } from './support/engine.ts'
import { eventually } from './support/eventually.ts'
import { freshDatabase } from './support/postgres.ts'

// Identifiers no other test uses, so that finding them on disk can only mean this person's data is there.
const erin = 'erin.erasable.7f3q@example.org'
const erinCookie = 'cookie-erin-7f3q-0001'
const erinTitle = 'Chief Erasure Officer 7f3q'
const kept = 'kim.kept.7f3q@example.org'
const needles = [erin, erinCookie, erinTitle]

const at = (day: number, hour = 9) => `2024-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`
const touch = (eventId: string, day: number, data: Record<string, unknown>) => ({
  eventId,
  type: 'touchpoint.recorded',
  occurredAt: at(day),
  data: { channel: 'webinar', touchType: 'page_view', ...data },
})
const history = [
  touch('e-t1', 1, { anonymousId: erinCookie, campaignId: 'spring-ads', channel: 'paid_search', touchType: 'ad_click' }),
  { eventId: 'e-l1', type: 'identity.linked', occurredAt: at(2), data: { anonymousId: erinCookie, personId: erin } },
  touch('e-t2', 2, { personId: erin, campaignId: 'spring-webinar', touchType: 'form_fill' }),
  { eventId: 'e-u1', type: 'person.updated', occurredAt: at(2), data: { personId: erin, accountId: 'acme', attributes: { title: erinTitle, seniority: 3 } } },
  touch('e-t3', 3, { personId: kept, campaignId: 'spring-email', channel: 'email', touchType: 'email_click' }),
  { eventId: 'e-u2', type: 'person.updated', occurredAt: at(3), data: { personId: kept, accountId: 'acme', attributes: { title: 'VP Kept' } } },
  { eventId: 'e-h1', type: 'lead.handed_off', occurredAt: at(4), data: { personId: erin, ownerId: 'rep-a' } },
  {
    eventId: 'e-d1',
    type: 'deal.created',
    occurredAt: at(10),
    data: { dealId: 'opp-1', accountId: 'acme', amount: 1000.01, currency: 'USD', contactIds: [erin, kept] },
  },
  // Contact roles name persons too: erased with the rest of their identifiers.
  {
    eventId: 'e-d3',
    type: 'deal.updated',
    occurredAt: at(11),
    data: { dealId: 'opp-1', contactRoles: [{ personId: erin, role: 'Economic Buyer', isPrimary: true }, { personId: kept, role: 'Influencer' }] },
  },
  { eventId: 'e-d2', type: 'deal.won', occurredAt: at(20), data: { dealId: 'opp-1' } },
  touch('e-t4', 5, { personId: erin, anonymousId: erinCookie, campaignId: 'spring-webinar', touchType: 'webinar_attended' }),
]
const models = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path', 'time_decay'] as const

/** Every model's answer and the deal's journey: what must not move when a person is erased. */
async function money(url: string): Promise<unknown> {
  const answers: Record<string, unknown> = {}
  for (const model of models) {
    const revenue = await getJson(`${url}/v1/revenue-by-campaign?model=${model}`)
    expect(revenue.status).toBe(200)
    const journey = await getJson(`${url}/v1/deals/opp-1/journey?model=${model}`)
    answers[model] = { revenue: revenue.body, journey: journey.body.touches }
  }
  return answers
}

interface Setup {
  label: string
  /** The event store's URL, or none for PGlite in the data directory. */
  eventStore(): Promise<{ url?: string; files(): Promise<string[]>; drop(): Promise<void> }>
}

async function postgresFiles(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const [{ dir, oid }] = (
      await client.query<{ dir: string; oid: string }>(
        `select current_setting('data_directory') as dir, (select oid::text from pg_database where datname = current_database()) as oid`,
      )
    ).rows as [{ dir: string; oid: string }]
    // The database's own files and the cluster's write-ahead log.
    return [path.join(dir, 'base', oid), path.join(dir, 'pg_wal')]
  } finally {
    await client.end()
  }
}

const setups: Setup[] = [
  { label: 'PGlite', eventStore: async () => ({ files: async () => [], drop: async () => undefined }) },
  {
    label: 'PostgreSQL',
    eventStore: async () => {
      const database = await freshDatabase('erasure')
      return { url: database.url, files: () => postgresFiles(database.url), drop: database.drop }
    },
  },
]

describe.each(setups)('erasure of a person on $label', (setup) => {
  const data = temporaryDataDir(`erasure-${setup.label}`)
  let store: Awaited<ReturnType<Setup['eventStore']>> | undefined
  let engine: Engine | undefined
  let url = ''
  const start = async () => {
    const config = loadConfig({ dataDir: data.dir, port: 0, host: '127.0.0.1', ...(store?.url ? { eventStoreUrl: store.url } : {}) }, {})
    engine = await openEngine(config)
    url = await engine.listen()
  }
  const stop = async () => {
    await engine?.stop()
    engine = undefined
  }
  afterAll(async () => {
    await stop()
    await store?.drop()
    data.remove()
  })

  it('leaves no byte of their id, attributes or anonymous ids on disk, moves no money, and refuses them afterwards', async () => {
    store = await setup.eventStore()
    await start()
    const posted = await postJson(`${url}/v1/events`, history)
    expect(posted.body).toEqual({ accepted: history.length, duplicates: 0, rejected: [] })
    await waitUntilProjected(url)
    const before = await money(url)
    const names = async () => {
      const result = await engine!.clickhouse.client.query({
        query: `SELECT identifier FROM ${engine!.clickhouse.table('person_names')} ORDER BY identifier`,
        format: 'JSONCompactEachRow',
      })
      return (await result.json<[string]>()).map(([identifier]) => identifier)
    }
    // BI views show the ids producers sent: the names are there before.
    expect(await names()).toEqual([erin, kept, erinCookie].sort())

    const erased = await fetch(`${url}/v1/persons/${encodeURIComponent(erin)}/erase`, { method: 'POST' })
    expect(erased.status).toBe(202)
    const record = (await erased.json()) as { id: string; state: string }
    expect(erased.headers.get('location')).toBe(`/v1/erasures/${record.id}`)
    await eventually(async () => (await getJson(`${url}/v1/erasures/${record.id}`)).body.state === 'done', 'the erasure is done', 30_000)
    const done = (await getJson(`${url}/v1/erasures/${record.id}`)).body
    expect(done).toMatchObject({ state: 'done', requestedBy: 'local', identifiersErased: 2, error: null })
    expect(JSON.stringify(done)).not.toContain('erin')
    expect(await names()).toEqual([kept])

    // Every answer is the same, to the cent, journeys included.
    expect(await money(url)).toEqual(before)

    // New events naming them, or their cookie, are refused with the reason; others still go in.
    const again = await postJson(`${url}/v1/events`, [
      touch('e-t9', 6, { personId: erin, campaignId: 'spring-webinar' }),
      touch('e-t10', 6, { anonymousId: erinCookie, campaignId: 'spring-webinar' }),
      touch('e-t11', 6, { personId: kept, campaignId: 'late-campaign' }),
    ])
    expect(again.status).toBe(202)
    expect(again.body.accepted).toBe(1)
    expect(again.body.rejected).toEqual([
      { index: 0, eventId: 'e-t9', errors: [{ path: 'data.personId', message: expect.stringMatching(/^names a person who was erased/) }] },
      { index: 1, eventId: 'e-t10', errors: [{ path: 'data.anonymousId', message: expect.stringMatching(/^names a person who was erased/) }] },
    ])
    await waitUntilProjected(url)
    const after = await money(url)

    // A restart, then a replay of the whole log into an empty ClickHouse: the same answers.
    await stop()
    await start()
    expect(await money(url)).toEqual(after)
    expect((await postJson(`${url}/v1/events`, [touch('e-t12', 7, { personId: erin, campaignId: 'x' })])).status).toBe(400)
    await stop()
    rmSync(path.join(data.dir, 'clickhouse'), { recursive: true, force: true })
    await start()
    await waitUntilProjected(url)
    expect(await money(url)).toEqual(after)

    // The bytes of every file the engine keeps: the data directory (PGlite, chDB) and PostgreSQL's database and WAL.
    await stop()
    const roots = [data.dir, ...(await store.files())]
    expect(filesHolding(roots, needles)).toEqual([])
    // The search can see: the other person's pseudonymous history is on disk, found by the same search.
    expect(filesHolding([data.dir, ...(await store.files())], ['spring-webinar']).length).toBeGreaterThan(0)
  })
})
