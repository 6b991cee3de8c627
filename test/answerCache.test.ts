import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { answerCache, saveCustomCredits, saveReplayJob, writeCheckpoint } from '@attribution/read-model'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'

describe('answerCache', () => {
  let clickhouse: ClickHouse
  let computations = 0
  const compute = async () => ++computations

  beforeAll(async () => {
    clickhouse = await freshClickHouse('answer_cache')
  })
  afterAll(() => dropDatabase(clickhouse))

  it('answers again from the cache until the projector or a replay changes the data', async () => {
    const cache = answerCache(clickhouse)
    expect(await cache.answer('q', compute)).toBe(1)
    expect(await cache.answer('q', compute)).toBe(1)
    expect(await cache.answer('other', compute)).toBe(2)

    await writeCheckpoint(clickhouse, 'facts', { position: { commit: 5n, prepare: 5n }, eventsProcessed: 5 })
    expect(await cache.answer('q', compute)).toBe(3)
    expect(await cache.answer('q', compute)).toBe(3)

    const job = { jobId: 'job-1', definitionId: 'd', version: 1, state: 'running', personsTotal: 10, personsProcessed: 0, eventsTotal: 5, startedAt: 0, updatedAt: 0 } as const
    await saveReplayJob(clickhouse, job)
    expect(await cache.answer('q', compute)).toBe(4)
    await saveReplayJob(clickhouse, { ...job, personsProcessed: 5 })
    expect(await cache.answer('q', compute)).toBe(5)
  })

  it('reports every look into it: a repeated answer and its shared reads are hits, the first ones misses', async () => {
    const lookups: string[] = []
    const cache = answerCache(clickhouse, 512, ({ read, hit }) => lookups.push(`${read} ${hit ? 'hit' : 'miss'}`))
    const ask = () => cache.answer('reported', async (shared) => shared('costs', async () => 1, 'data'))
    await ask()
    await ask()
    expect(lookups).toEqual(['answer miss', 'data miss', 'answer hit'])
    await writeCheckpoint(clickhouse, 'facts', { position: { commit: 7n, prepare: 7n }, eventsProcessed: 7 })
    await ask()
    expect(lookups.slice(3)).toEqual(['answer miss', 'data miss'])
  })

  it('computes once for requests that arrive together, and keeps no failure', async () => {
    const cache = answerCache(clickhouse)
    const before = computations
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.answer('together', compute)))
    expect(new Set(answers)).toEqual(new Set([before + 1]))
    expect(computations).toBe(before + 1)

    await expect(cache.answer('failing', () => Promise.reject(new Error('ClickHouse went away')))).rejects.toThrow('went away')
    expect(await cache.answer('failing', compute)).toBe(before + 2)
  })

  it('shares reads between answers: reads of data until the data changes, reads of credits until the credits change', async () => {
    const cache = answerCache(clickhouse)
    const reads = { data: 0, credits: 0 }
    const answerUsingBoth = (key: string) =>
      cache.answer(key, async (shared) => [
        await shared('costs', async () => ++reads.data, 'data'),
        await shared('tallies', async () => ++reads.credits, 'credits'),
      ])
    expect(await answerUsingBoth('w_shaped')).toEqual([1, 1])
    expect(await answerUsingBoth('linear')).toEqual([1, 1])

    // A batch that changed no credits: the answers and their data reads are new, the credit reads kept.
    await writeCheckpoint(clickhouse, 'facts', { position: { commit: 9n, prepare: 9n }, eventsProcessed: 9 })
    expect(await answerUsingBoth('w_shaped')).toEqual([2, 1])
    expect(await answerUsingBoth('linear')).toEqual([2, 1])

    // A batch whose credit sums were written at its version: both change.
    await clickhouse.client.insert({ table: clickhouse.table('credit_months'), values: [{ model: 'linear', kind: 'won', day: '2024-03-01', version: 12 }], format: 'JSONEachRow' })
    await writeCheckpoint(clickhouse, 'facts', { position: { commit: 12n, prepare: 12n }, eventsProcessed: 12 })
    expect(await answerUsingBoth('w_shaped')).toEqual([3, 2])
    expect(await answerUsingBoth('linear')).toEqual([3, 2])

    // A saved custom model's credits turning ready, summed at the version already read: both change too.
    const weights = { FT: 100, LC: 0, MQL: 0, OC: 0, CW: 0, middle: 0 }
    await saveCustomCredits(clickhouse, { name: 'ours', position: '7', weights, state: 'ready' })
    expect(await answerUsingBoth('w_shaped')).toEqual([4, 3])
    expect(await answerUsingBoth('linear')).toEqual([4, 3])
  })

  it('forgets the least recently used answers beyond its size', async () => {
    const cache = answerCache(clickhouse, 2)
    const before = computations
    await cache.answer('a', compute)
    await cache.answer('b', compute)
    await cache.answer('a', compute) // a is now the most recent
    await cache.answer('c', compute) // evicts b
    expect(await cache.answer('a', compute)).toBe(before + 1)
    expect(await cache.answer('b', compute)).toBe(before + 4)
  })
})
