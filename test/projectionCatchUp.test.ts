import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { readCheckpoint, readCheckpoints } from '@attribution/read-model'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse, projectedTables } from './support/clickhouse.ts'
import { projectAll } from './support/projection.ts'

const creditTables = ['credit_lines', 'credit_days', 'credit_months', 'journey_milestones']
const quiet = { onQuarantine: () => {}, onOutage: () => {} }

describe('projections with checkpoints of their own', () => {
  let store: EventStore
  let clickhouse: ClickHouse

  beforeAll(async () => {
    store = await openEventStore('memory:')
    await store.append([...simulate({ accounts: 15, seed: 7 })])
    clickhouse = await freshClickHouse('catch_up')
    await projectAll({ store, clickhouse, ...quiet })
  })
  afterAll(async () => {
    await dropDatabase(clickhouse)
    await store.close()
  })

  const checkpoints = () => readCheckpoints(clickhouse, ['facts', 'facts/facts', 'facts/credits', 'facts/lifecycles'])
  const forget = (projections: readonly string[]) =>
    clickhouse.client.command({
      query: `ALTER TABLE ${clickhouse.table('projection_checkpoints')} DELETE WHERE projection_name IN {projections:Array(String)}`,
      query_params: { projections },
      clickhouse_settings: { mutations_sync: '1' },
    })

  it('move together with the projector', async () => {
    const all = await checkpoints()
    const head = await store.head()
    expect([...all.keys()].sort()).toEqual(['facts', 'facts/credits', 'facts/facts', 'facts/lifecycles'])
    for (const checkpoint of all.values()) expect(checkpoint).toEqual({ position: head.position, eventsProcessed: head.events })
  })

  it('Given a projection that has applied nothing (one just added), When the projector starts, Then it catches up alone to the same rows', async () => {
    const before = await projectedTables(clickhouse)
    const factsBefore = await readCheckpoint(clickhouse, 'facts/facts')
    await forget(['facts/credits'])
    for (const table of creditTables) await clickhouse.client.command({ query: `TRUNCATE TABLE ${clickhouse.table(table)}` })
    expect((await projectedTables(clickhouse)).credit_lines).toEqual([])

    await projectAll({ store, clickhouse, ...quiet })

    expect(await projectedTables(clickhouse)).toEqual(before)
    expect((await checkpoints()).get('facts/credits')).toEqual((await checkpoints()).get('facts'))
    // The facts were not applied again: their checkpoint still counts each event once.
    expect(await readCheckpoint(clickhouse, 'facts/facts')).toEqual(factsBefore)
  })

  it('Given an install from before projections had checkpoints, When the projector starts, Then each starts at the projector’s', async () => {
    await forget(['facts/facts', 'facts/credits', 'facts/lifecycles'])
    const projector = await readCheckpoint(clickhouse, 'facts')

    await projectAll({ store, clickhouse, ...quiet })

    const all = await checkpoints()
    for (const name of ['facts/facts', 'facts/credits', 'facts/lifecycles']) expect(all.get(name), name).toEqual(projector)
  })
})
