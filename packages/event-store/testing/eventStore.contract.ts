import { streamIdOf, type Event } from '@attribution/contracts'
import { afterEach, describe, expect, it } from 'vitest'
import { comparePositions, ConcurrencyError, type EventStore, type StoredEvent } from '../src/index.ts'
import { dealCreated, touch, touches } from './testEvents.ts'

/** Opens a store that is empty and used by no other test. */
export type OpenEmptyStore = () => Promise<EventStore>

const idsOf = (stored: StoredEvent[]) => stored.map((s) => s.event.eventId)
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/**
 * Waits until readers of the global log can see `count` events. On PostgreSQL a just-committed append stays hidden
 * while any older write transaction in the cluster (another test run, say) is still open: that is the xid8 rule.
 */
async function untilVisible(store: EventStore, count: number): Promise<void> {
  await waitFor(async () => (await store.head()).events >= count, `${count} events to become visible`)
}

function expectStrictlyIncreasing(stored: StoredEvent[]): void {
  for (const [i, event] of stored.entries()) {
    const previous = stored[i - 1]
    if (previous) expect(comparePositions(previous.position, event.position)).toBeLessThan(0)
  }
}

export interface ContractOptions {
  /**
   * Where an event id is unique. `'store'` (the default, the SQL adapters): an id stored in one stream is a duplicate in
   * every other. `'stream'` (KurrentDB, which has no index across streams): ids are checked within the event's own
   * stream, which is where a redelivered event always goes since its stream follows from its data; the one case
   * left out is a producer reusing an id for a different entity.
   */
  idempotencyScope?: 'store' | 'stream'
}

/** The behaviour every EventStore adapter must show; each adapter's integration test runs it against its database. */
export function eventStoreContract(adapter: string, openEmptyStore: OpenEmptyStore, options: ContractOptions = {}): void {
  const idempotencyScope = options.idempotencyScope ?? 'store'
  describe(`EventStore contract: ${adapter}`, () => {
    const opened: EventStore[] = []
    const open = async () => {
      const store = await openEmptyStore()
      opened.push(store)
      return store
    }
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()))
    })

    describe('append and read back', () => {
      it('Given events of several shapes, When appended and read, Then each comes back exactly as appended', async () => {
        const store = await open()
        const events: Event[] = [
          dealCreated('deal-1-created', 'd1', 12345.67),
          touch('touch-1', 'p1'),
          touch('touch-2', 'p1', { source: 'tracker', occurredAt: '2024-05-01T23:59:59.5-07:00' }),
          {
            eventId: 'person-1-updated',
            type: 'person.updated',
            occurredAt: '2024-05-03T00:00:00Z',
            data: { personId: 'p1', attributes: { title: 'CFO "quoted" \\ ünïcødé', employees: 1200.5, active: false } },
          },
          {
            eventId: 'cost-1',
            type: 'campaign.cost.recorded',
            occurredAt: '2024-05-31T00:00:00Z',
            data: {
              campaignId: 'c1',
              amount: 0.1,
              currency: 'USD',
              periodStart: '2024-05-01T00:00:00Z',
              periodEnd: '2024-06-01T00:00:00Z',
            },
          },
        ]

        expect(await store.append(events)).toEqual({ appended: 5, duplicates: [] })
        await untilVisible(store, 5)

        const all = await store.readAll(null, 100)
        expect(all.map((s) => s.event)).toStrictEqual(events)
        const fieldSets = (list: Event[]) => list.map((event) => Object.keys(event).sort())
        expect(fieldSets(all.map((s) => s.event))).toEqual(fieldSets(events))
        expect(all.map((s) => s.streamId)).toEqual(events.map(streamIdOf))
        expectStrictlyIncreasing(all)
        for (const stored of all) expect(new Date(stored.recordedAt).toISOString()).toBe(stored.recordedAt)

        const person = await store.readStream('person-p1')
        expect(person.map((s) => [s.event.eventId, s.streamVersion])).toEqual([
          ['touch-1', 0],
          ['touch-2', 1],
          ['person-1-updated', 2],
        ])
        expect(person[0]?.event).toStrictEqual(touch('touch-1', 'p1'))
        expect(await store.readStream('person-nobody')).toEqual([])
      })

      it('Given a stream appended to over several batches, When read, Then its versions run 0, 1, 2, ... without gaps', async () => {
        const store = await open()
        await store.append(touches('a', 'p1', 2))
        await store.append([touch('b-0', 'p2'), touch('b-1', 'p1'), touch('b-2', 'p1')])
        await store.append([touch('c-0', 'p1')])

        expect((await store.readStream('person-p1')).map((s) => s.streamVersion)).toEqual([0, 1, 2, 3, 4])
        expect((await store.readStream('person-p2')).map((s) => s.streamVersion)).toEqual([0])
      })

      it('Given an empty batch, When appended, Then nothing happens', async () => {
        const store = await open()
        expect(await store.append([])).toEqual({ appended: 0, duplicates: [] })
        expect(await store.head()).toEqual({ position: null, events: 0 })
      })
    })

    describe('idempotency by eventId', () => {
      it('Given ids repeated within a batch and across batches, When appended, Then each id is stored once and the rest reported', async () => {
        const store = await open()

        expect(await store.append([touch('a', 'p1'), touch('b', 'p1'), touch('a', 'p1')])).toEqual({
          appended: 2,
          duplicates: ['a'],
        })
        expect(await store.append([touch('b', 'p1'), touch('c', 'p1'), touch('c', 'p1')])).toEqual({
          appended: 1,
          duplicates: ['b', 'c'],
        })
        expect(await store.append([touch('a', 'p1')])).toEqual({ appended: 0, duplicates: ['a'] })
        await untilVisible(store, 3)

        expect(idsOf(await store.readAll(null, 100))).toEqual(['a', 'b', 'c'])
        expect((await store.readStream('person-p1')).map((s) => s.streamVersion)).toEqual([0, 1, 2])
      })

      it('Given concurrent appenders sending the same ids, When they all finish, Then every id is stored once', async () => {
        const store = await open()
        const ids = range(120).map((i) => touch(`shared-${i}`, `p${i % 7}`))
        const results = await Promise.all(
          range(6).map(async (appender) => {
            // Each appender sends the same events in a different order and batch size, like redelivering consumers.
            const mine = appender % 2 === 0 ? ids : [...ids].reverse()
            const size = 5 + appender * 3
            let appended = 0
            let duplicates = 0
            for (let start = 0; start < mine.length; start += size) {
              const result = await store.append(mine.slice(start, start + size))
              appended += result.appended
              duplicates += result.duplicates.length
            }
            return { appended, duplicates }
          }),
        )

        expect(results.reduce((sum, r) => sum + r.appended, 0)).toBe(120)
        for (const result of results) expect(result.appended + result.duplicates).toBe(120)
        await untilVisible(store, 120)
        const stored = await store.readAll(null, 1000)
        expect(new Set(idsOf(stored)).size).toBe(120)
        expect(stored).toHaveLength(120)
        for (const person of range(7)) {
          const versions = (await store.readStream(`person-p${person}`)).map((s) => s.streamVersion)
          expect(versions).toEqual(range(versions.length))
        }
      })

      if (idempotencyScope === 'store') {
        it('Given one id reused for different entities by concurrent appenders, When they race, Then it is stored once', async () => {
          const store = await open()
          // Different streams take different locks, so only the unique index sees the clash: the loser must retry its
          // batch and report the id as a duplicate, while storing the rest of its batch.
          for (const round of range(10)) {
            const results = await Promise.all(
              range(4).map((appender) =>
                store.append([touch(`reused-${round}`, `p${appender}`), touch(`own-${round}-${appender}`, `p${appender}`)]),
              ),
            )
            expect(results.reduce((sum, r) => sum + r.appended, 0)).toBe(5)
            expect(results.flatMap((r) => r.duplicates)).toEqual([`reused-${round}`, `reused-${round}`, `reused-${round}`])
          }
          for (const person of range(4)) {
            const versions = (await store.readStream(`person-p${person}`)).map((s) => s.streamVersion)
            expect(versions).toEqual(range(versions.length))
          }
        })
      }
    })

    describe('optimistic concurrency', () => {
      it('Given a stream at version 1, When a batch expects another version, Then it throws and stores nothing of the batch', async () => {
        const store = await open()
        await store.append(touches('first', 'p1', 2))

        const conflicting = store.append([touch('other-stream', 'p2'), touch('late', 'p1')], {
          expectedVersions: { 'person-p1': 0 },
        })

        await expect(conflicting).rejects.toThrow(ConcurrencyError)
        await expect(conflicting).rejects.toMatchObject({ streamId: 'person-p1', expected: 0, actual: 1 })
        await expect(store.append([touch('x', 'p1')], { expectedVersions: { 'person-p1': 'no_stream' } })).rejects.toMatchObject(
          { streamId: 'person-p1', expected: 'no_stream', actual: 1 },
        )
        await expect(store.append([touch('y', 'p3')], { expectedVersions: { 'person-p3': 0 } })).rejects.toMatchObject({
          actual: 'no_stream',
        })
        await untilVisible(store, 2)
        expect(await store.head()).toMatchObject({ events: 2 })
        expect(await store.readStream('person-p2')).toEqual([])
      })

      it('Given expected versions that hold, When appended, Then the batch is stored', async () => {
        const store = await open()

        await store.append(touches('first', 'p1', 2), { expectedVersions: { 'person-p1': 'no_stream' } })
        await store.append([touch('next', 'p1'), touch('new', 'p2')], {
          expectedVersions: { 'person-p1': 1, 'person-p2': 'no_stream' },
        })

        expect((await store.readStream('person-p1')).map((s) => s.streamVersion)).toEqual([0, 1, 2])
      })

      it('Given an append that succeeded, When it is redelivered with its original expected version, Then it reports duplicates', async () => {
        const store = await open()
        const batch = touches('once', 'p1', 3)
        await store.append(batch, { expectedVersions: { 'person-p1': 'no_stream' } })

        expect(await store.append(batch, { expectedVersions: { 'person-p1': 'no_stream' } })).toEqual({
          appended: 0,
          duplicates: ['once-0', 'once-1', 'once-2'],
        })
      })

      it('Given concurrent appenders all expecting a new stream, When they race, Then exactly one wins', async () => {
        const store = await open()
        const outcomes = await Promise.allSettled(
          range(6).map((i) => store.append([touch(`racer-${i}`, 'p1')], { expectedVersions: { 'person-p1': 'no_stream' } })),
        )

        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
        for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
          expect(outcome.reason).toBeInstanceOf(ConcurrencyError)
        }
        expect(await store.readStream('person-p1')).toHaveLength(1)
      })
    })

    describe('the global log', () => {
      it('Given several batches, When read page by page, Then pages join up in order without overlap', async () => {
        const store = await open()
        await store.append(touches('a', 'p1', 10))
        await store.append([...touches('b', 'p2', 4), ...touches('c', 'p1', 3)])
        await store.append(touches('d', 'p3', 8))
        await untilVisible(store, 25)
        const everything = await store.readAll(null, 1000)

        const paged: StoredEvent[] = []
        for (let page = await store.readAll(null, 10); page.length > 0; ) {
          paged.push(...page)
          page = await store.readAll(page.at(-1)?.position ?? null, 10)
        }

        expect(everything).toHaveLength(25)
        expect(paged).toEqual(everything)
        expectStrictlyIncreasing(everything)
        expect(idsOf(everything).slice(0, 10)).toEqual(idsOf(await store.readStream('person-p1')).slice(0, 10))
      })

      it('Given stored events, When asked for the head and the lag after a checkpoint, Then both count visible events', async () => {
        const store = await open()
        expect(await store.head()).toEqual({ position: null, events: 0 })
        expect(await store.countAfter(null)).toBe(0)
        await store.append(touches('a', 'p1', 25))
        await untilVisible(store, 25)
        const everything = await store.readAll(null, 100)
        const tenth = everything[9]?.position ?? null

        expect(await store.head()).toEqual({ position: everything.at(-1)?.position, events: 25 })
        expect(await store.countAfter(null)).toBe(25)
        expect(await store.countAfter(tenth)).toBe(15)
        expect(await store.countAfter((await store.head()).position)).toBe(0)
        expect(await store.readAll((await store.head()).position, 10)).toEqual([])
      })
    })

    describe('catch-up subscription', () => {
      it('Given history, When subscribed, Then it pages through it and goes on to see new appends', async () => {
        const store = await open()
        await store.append(touches('old', 'p1', 30))
        const seen: StoredEvent[] = []
        const batchSizes: number[] = []
        const subscription = store.subscribe(
          null,
          async (batch) => {
            batchSizes.push(batch.length)
            seen.push(...batch)
          },
          { batchSize: 7, idleMs: 10 },
        )
        await waitFor(() => seen.length >= 30, 'history')
        await store.append(touches('new', 'p2', 5))
        await waitFor(() => seen.length >= 35, 'new appends')
        await subscription.stop()

        expect(idsOf(seen)).toEqual([...idsOf(await store.readAll(null, 100))])
        expect(batchSizes.slice(0, 5)).toEqual([7, 7, 7, 7, 2])
      })

      it('Given a checkpoint, When subscribed from it, Then only later events arrive', async () => {
        const store = await open()
        await store.append(touches('e', 'p1', 20))
        await untilVisible(store, 20)
        const checkpoint = (await store.readAll(null, 100))[11]?.position ?? null
        const seen: string[] = []
        const subscription = store.subscribe(checkpoint, async (batch) => void seen.push(...idsOf(batch)), { idleMs: 5 })
        await waitFor(() => seen.length >= 8, 'events after the checkpoint')
        await subscription.stop()

        expect(seen).toEqual(range(8).map((i) => `e-${i + 12}`))
      })

      it('Given a handler that fails, When a batch arrives, Then the subscription stops and done rejects with the error', async () => {
        const store = await open()
        await store.append(touches('e', 'p1', 3))
        let calls = 0
        const subscription = store.subscribe(null, async () => {
          calls++
          throw new Error('projection failed')
        })

        await expect(subscription.done).rejects.toThrow('projection failed')
        expect(calls).toBe(1)
      })

      it('Given concurrent appenders, When a subscription follows the log, Then it sees every event exactly once, in order', async () => {
        const store = await open()
        const appenders = 8
        const batchesEach = 60
        const seen: StoredEvent[] = []
        const subscription = store.subscribe(null, async (batch) => void seen.push(...batch), { batchSize: 20, idleMs: 0 })

        const appended = await Promise.all(
          range(appenders).map(async (appender) => {
            const ids: string[] = []
            for (const b of range(batchesEach)) {
              // Mostly streams of the appender's own, so transactions overlap freely; now and then a shared one.
              const events = range(1 + ((appender + b) % 4)).map((i) =>
                touch(`w${appender}-b${b}-e${i}`, b % 10 === 0 && i === 0 ? 'shared' : `w${appender}-p${(b + i) % 5}`),
              )
              await store.append(events)
              ids.push(...events.map((e) => e.eventId))
            }
            return ids
          }),
        )
        const expected = appended.flat()
        await untilVisible(store, expected.length)
        const head = await store.head()
        await waitFor(() => {
          const last = seen.at(-1)
          return last !== undefined && head.position !== null && comparePositions(last.position, head.position) >= 0
        }, 'the subscription to reach the head')
        await subscription.stop()

        expect(head.events).toBe(expected.length)
        expect(seen).toHaveLength(expected.length)
        expect(new Set(idsOf(seen))).toEqual(new Set(expected))
        expectStrictlyIncreasing(seen)
        expect(idsOf(seen)).toEqual(idsOf(await store.readAll(null, expected.length + 1)))
      })
    })

    describe('volume', () => {
      it('Given 10,000 events in one batch, When appended, Then one call stores them all quickly', async () => {
        const store = await open()
        const events = range(10_000).map((i) => touch(`bulk-${i}`, `p${i % 1000}`, { source: 'import' }))

        const started = performance.now()
        expect(await store.append(events)).toEqual({ appended: 10_000, duplicates: [] })
        const appendMs = performance.now() - started
        const again = performance.now()
        expect((await store.append(events)).duplicates).toHaveLength(10_000)
        const duplicateMs = performance.now() - again
        await untilVisible(store, 10_000)
        console.info(`${adapter}: appended 10,000 events in ${appendMs.toFixed(0)} ms, re-sent as duplicates in ${duplicateMs.toFixed(0)} ms`)

        expect(await store.countAfter(null)).toBe(10_000)
        expect(appendMs).toBeLessThan(20_000)
      })
    })
  })
}
