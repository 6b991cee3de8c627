import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { readCheckpoint, readCheckpoints, writeCheckpoints } from '@attribution/read-model'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'

describe('projection checkpoints', () => {
  let clickhouse: ClickHouse
  beforeAll(async () => {
    clickhouse = await freshClickHouse('checkpoints')
  })
  afterAll(() => dropDatabase(clickhouse))

  it('Given none written, Then a projection stands at the start of the log', async () => {
    expect(await readCheckpoint(clickhouse, 'nobody')).toEqual({ position: null, eventsProcessed: 0 })
  })

  it('Given a history counted before the log holds anything, Then the start of the log comes back with its count', async () => {
    // As the bench's history at scale is recorded: events applied, none of them in this log.
    await writeCheckpoints(clickhouse, ['loaded'], { position: null, eventsProcessed: 2_000_000 })
    expect(await readCheckpoint(clickhouse, 'loaded')).toEqual({ position: null, eventsProcessed: 2_000_000 })
  })

  it('Given several projections moved together, one of them past a failed attempt, Then each reads back as written', async () => {
    const position = { commit: 812n, prepare: 4_096n }
    await writeCheckpoints(clickhouse, ['p', 'p/facts'], { position, eventsProcessed: 70, rowVersion: 75 })
    await writeCheckpoints(clickhouse, ['q'], { position, eventsProcessed: 70 })
    const read = await readCheckpoints(clickhouse, ['p', 'p/facts', 'q'])
    expect(Object.fromEntries(read)).toEqual({
      p: { position, eventsProcessed: 70, rowVersion: 75 },
      'p/facts': { position, eventsProcessed: 70, rowVersion: 75 },
      q: { position, eventsProcessed: 70 },
    })
  })
})
