import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { loadReplayJobs } from '@attribution/read-model'
import type { Event } from '@attribution/contracts'
import { lifecycleOf, type LeadDefinition } from '@attribution/domain'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { Projector, startReplay } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { eventually } from './support/eventually.ts'
import { exampleDocument, parsed, publishedEvent } from './support/leadDefinitions.ts'
import { personFactsOf } from './support/personFactsOracle.ts'
import { projectAll } from './support/projection.ts'

const document = exampleDocument('intent-and-fit')
const definition = parsed(document)
const history = [publishedEvent(document), ...simulate({ accounts: 50, seed: 11 })]

/** Each person's transitions and qualifications as ClickHouse holds them: [stage, epoch ms, eventId] and so on. */
async function storedLifecycles(clickhouse: ClickHouse): Promise<Map<string, unknown>> {
  const result = await clickhouse.client.query({
    query: `
      SELECT person_id,
             arrayZip(transition_stages, arrayMap(x -> toUnixTimestamp64Milli(x), transition_at), transition_event_ids) AS transitions,
             arrayZip(arrayMap(x -> toUnixTimestamp64Milli(x), qualified_at), owner_ids, qualification_ended_as, rejection_reasons) AS qualifications
      FROM ${clickhouse.table('lead_lifecycles')} FINAL
      WHERE definition_id = {id:String} AND version = {version:UInt32}
      ORDER BY person_id`,
    query_params: { id: definition.id, version: definition.version },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ person_id: string; transitions: [string, string, string][]; qualifications: [string, string, string, string][] }>()
  return new Map(
    rows.map((row) => [
      row.person_id,
      {
        transitions: row.transitions.map(([stage, at, eventId]) => [stage, Number(at), eventId]),
        qualifications: row.qualifications.map(([at, owner, endedAs, reason]) => [Number(at), owner, endedAs, reason]),
      },
    ]),
  )
}

/** The same, computed in memory from the raw events: the answer the projection must give. */
function expectedLifecycles(events: readonly Event[], under: LeadDefinition): Map<string, unknown> {
  const expected = new Map<string, unknown>()
  for (const [personId, facts] of [...personFactsOf(events)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { transitions, qualifications } = lifecycleOf(under, facts, { asOf: Infinity })
    expected.set(personId, {
      transitions: transitions.map(({ stage, at, eventId }) => [stage, at, eventId]),
      qualifications: qualifications.map((q) => [q.at, q.ownerId ?? '', q.endedAs ?? '', q.endReason ?? '']),
    })
  }
  return expected
}

async function replayed(clickhouse: ClickHouse, store: EventStore) {
  const { run } = await startReplay({ clickhouse, store, definitionId: definition.id, version: definition.version, personsPerStep: 40 })
  return run()
}

describe('replaying a lead definition over history', () => {
  let store: EventStore
  const databases: ClickHouse[] = []
  const fresh = async (label: string) => {
    const clickhouse = await freshClickHouse(label)
    databases.push(clickhouse)
    return clickhouse
  }

  beforeAll(async () => {
    store = await openEventStore('memory:')
    for (let i = 0; i < history.length; i += 2_000) await store.append(history.slice(i, i + 2_000))
  })
  afterAll(async () => {
    for (const clickhouse of databases) await dropDatabase(clickhouse)
    await store.close()
  })

  it('computes every person lifecycle exactly as the pure lifecycle does from the raw events', async () => {
    const clickhouse = await fresh('replay')
    await projectAll({ store, clickhouse })

    const job = await replayed(clickhouse, store)

    const expected = expectedLifecycles(history, definition)
    expect(job).toMatchObject({ state: 'done', personsProcessed: expected.size, personsTotal: expected.size, eventsTotal: history.length })
    expect(await storedLifecycles(clickhouse)).toEqual(expected)
    // The dataset exercises what the comparison is about: MQLs, acceptances, rejections with reasons, owners.
    const qualifications = [...expected.values()].flatMap((lifecycle) => (lifecycle as { qualifications: string[][] }).qualifications)
    expect(qualifications.filter(([, owner]) => owner !== '').length).toBeGreaterThan(10)
    expect([...new Set(qualifications.map(([, , endedAs]) => endedAs))]).toEqual(expect.arrayContaining(['sal', 'rejected']))
    expect(qualifications.some(([, , endedAs, reason]) => endedAs === 'rejected' && reason !== '')).toBe(true)
    const [stored] = await loadReplayJobs(clickhouse, { jobId: job.jobId })
    expect(stored).toEqual(job)
  })

  it('writes identical tables when the same events are replayed under the same definition twice', async () => {
    const tables = []
    for (const label of ['determinism_a', 'determinism_b']) {
      const clickhouse = await fresh(label)
      await projectAll({ store, clickhouse, batchSize: label === 'determinism_a' ? 3_000 : 700 })
      await replayed(clickhouse, store)
      const result = await clickhouse.client.query({
        query: `SELECT * EXCEPT computed_through FROM ${clickhouse.table('lead_lifecycles')} FINAL ORDER BY ALL`,
        format: 'JSONEachRow',
      })
      tables.push(await result.json())
    }
    expect(tables[0]!.length).toBeGreaterThan(100)
    expect(tables[1]).toEqual(tables[0])
  })

  it('loses nothing when events keep arriving during the replay: the projector keeps the candidate current', async () => {
    const live = await openEventStore('memory:')
    const half = Math.floor(history.length / 2)
    await live.append(history.slice(0, half))
    const clickhouse = await fresh('replay_live')
    const projector = new Projector({ store: live, clickhouse, batchSize: 500, idleMs: 5 })
    await projector.start()
    try {
      await eventually(async () => (await projector.status()).lag === 0, 'first half projected')
      const { run } = await startReplay({ clickhouse, store: live, definitionId: definition.id, version: definition.version, personsPerStep: 20 })
      const appending = (async () => {
        for (let i = half; i < history.length; i += 300) await live.append(history.slice(i, i + 300))
      })()
      const [job] = await Promise.all([run(), appending])
      expect(job).toMatchObject({ state: 'done', eventsTotal: half })
      await eventually(async () => (await projector.status()).lag === 0, 'second half projected')
    } finally {
      await projector.stop()
      await live.close()
    }
    expect(await storedLifecycles(clickhouse)).toEqual(expectedLifecycles(history, definition))
  })

  it('refuses a second replay of a version while one runs, and clears staging left by a killed one', async () => {
    const clickhouse = await fresh('replay_twice')
    await projectAll({ store, clickhouse })
    // What a replay killed mid-way leaves: its staging table, and no job still running to claim it.
    await clickhouse.client.command({ query: `CREATE TABLE ${clickhouse.table('replay_facts_killed')} (x UInt8) ENGINE = Memory` })

    const first = await startReplay({ clickhouse, store, definitionId: definition.id, version: definition.version })
    await expect(startReplay({ clickhouse, store, definitionId: definition.id, version: definition.version })).rejects.toMatchObject({
      statusCode: 409,
      message: `${definition.id}@${definition.version} is being replayed already: follow GET /v1/replays/${first.job.jobId}`,
    })
    expect((await first.run()).state).toBe('done')

    const tables = await clickhouse.client.query({
      query: `SELECT name FROM system.tables WHERE database = '${clickhouse.database}' AND startsWith(name, 'replay_facts_')`,
      format: 'JSONCompactEachRow',
    })
    expect(await tables.json()).toEqual([])
    // Once done, the version may be replayed again.
    expect((await (await startReplay({ clickhouse, store, definitionId: definition.id, version: definition.version })).run()).state).toBe('done')
  })

  it('refuses a version that was never published, and records nothing', async () => {
    const clickhouse = await fresh('replay_refused')
    await expect(startReplay({ clickhouse, store, definitionId: 'nope', version: 3 })).rejects.toThrow(
      'nope@3 is not published; publish it with POST /v1/lead-definitions first',
    )
    expect(await loadReplayJobs(clickhouse, { definitionId: 'nope', version: 3 })).toEqual([])
  })
})
