import { describe, expect, it } from 'vitest'
import { eventStoreContract } from '../../testing/eventStore.contract.ts'
import { ConcurrencyError } from '../eventStore.ts'
import { touch, touches } from '../../testing/testEvents.ts'
import { toEventData } from './eventRecord.ts'
import { InMemoryKurrentDb } from '../../testing/kurrentdb/inMemoryKurrentDb.ts'
import { KurrentDbEventStore } from './kurrentDbEventStore.ts'

let stores = 0
/** Every store on one server under a prefix of its own, as the integration suite shares a real server. */
function storesOn(server: InMemoryKurrentDb) {
  return () => KurrentDbEventStore.over(server.client(), { streamPrefix: `t${++stores}-` })
}

for (const readFromPositionIncludesIt of [true, false]) {
  const server = new InMemoryKurrentDb({ readFromPositionIncludesIt })
  eventStoreContract(
    `KurrentDB adapter on an in-memory stand-in (reads from a position ${readFromPositionIncludesIt ? 'include' : 'exclude'} it)`,
    storesOn(server),
    { idempotencyScope: 'stream' },
  )
}

describe('KurrentDbEventStore on an in-memory stand-in', () => {
  it('Given an identical append by another writer between our read and our append, When the server acknowledges ours without writing, Then our events are reported as duplicates', async () => {
    const server = new InMemoryKurrentDb()
    const open = storesOn(server)
    const store = await open()
    const batch = touches('same', 'p1', 3)
    let slippedIn = false
    server.beforeAppend = async (streamName) => {
      if (slippedIn) return
      slippedIn = true
      // What a second consumer redelivering the same batch would write: the same records with another appendId.
      await server.client().appendToStream(streamName, batch.map((event) => toEventData(event, 'the-other-writer')), {})
    }

    expect(await store.append(batch)).toEqual({ appended: 0, duplicates: ['same-0', 'same-1', 'same-2'] })
    expect((await store.readStream('person-p1')).map((s) => [s.event.eventId, s.streamVersion])).toEqual([
      ['same-0', 0],
      ['same-1', 1],
      ['same-2', 2],
    ])
    await store.close()
  })

  it('Given a batch over two streams whose second moves between the check and the write, When appended, Then the first stream is stored and the second throws: atomic per stream, not per batch', async () => {
    const server = new InMemoryKurrentDb()
    const store = await storesOn(server)()
    server.beforeAppend = async (streamName) => {
      if (!streamName.endsWith('person-p2')) return
      server.beforeAppend = undefined
      await store.append([touch('cut-in', 'p2')])
    }

    await expect(
      store.append([touch('a', 'p1'), touch('b', 'p2')], { expectedVersions: { 'person-p2': 'no_stream' } }),
    ).rejects.toMatchObject({ name: ConcurrencyError.name, streamId: 'person-p2', expected: 'no_stream', actual: 0 })
    expect((await store.readStream('person-p1')).map((s) => s.event.eventId)).toEqual(['a'])
    expect((await store.readStream('person-p2')).map((s) => s.event.eventId)).toEqual(['cut-in'])
    await store.close()
  })

  it('Given one stream’s events beyond the size of one append, When appended, Then they go in several appends, in order', async () => {
    const server = new InMemoryKurrentDb()
    const store = await storesOn(server)()
    const long = 'x'.repeat(1000)
    const events = Array.from({ length: 1500 }, (_, i) => touch(`big-${i}`, 'p1', { source: `${long}${i}` }))

    expect(await store.append(events)).toEqual({ appended: 1500, duplicates: [] })
    const stored = await store.readStream('person-p1')
    expect(stored.map((s) => s.event.eventId)).toEqual(events.map((e) => e.eventId))
    expect(stored.map((s) => s.streamVersion)).toEqual(events.map((_, i) => i))
    expect((await store.append(events)).duplicates).toHaveLength(1500)
    await store.close()
  })

  it('Given other data on the server, When the log is read, Then only the store’s own streams are seen', async () => {
    const server = new InMemoryKurrentDb()
    const open = storesOn(server)
    const ours = await open()
    const neighbour = await open()
    server.writeForeignRecords(5, 'orders-17')
    await neighbour.append(touches('theirs', 'p1', 4))
    await ours.append(touches('ours', 'p1', 2))
    server.writeForeignRecords(5)

    expect((await ours.readAll(null, 100)).map((s) => s.event.eventId)).toEqual(['ours-0', 'ours-1'])
    expect(await ours.head()).toMatchObject({ events: 2 })
    expect((await ours.readStream('person-p1')).map((s) => s.event.eventId)).toEqual(['ours-0', 'ours-1'])
    await Promise.all([ours.close(), neighbour.close()])
  })

  it('Given a reader that caught up and records of others after our last event, When it reads again, Then it reads only records no read passed before', async () => {
    const server = new InMemoryKurrentDb()
    server.writeForeignRecords(2000)
    const store = await storesOn(server)()
    await store.append(touches('e', 'p1', 10))
    const caughtUp = (await store.head()).position
    server.writeForeignRecords(3000)

    const readBy = async (read: () => Promise<unknown>) => {
      const before = server.recordsRead
      await read()
      return server.recordsRead - before
    }
    expect(await readBy(() => store.readAll(caughtUp, 100))).toBeGreaterThanOrEqual(3000)
    expect(await readBy(() => store.readAll(caughtUp, 100))).toBeLessThanOrEqual(1)
    expect(await readBy(() => store.head())).toBeLessThanOrEqual(1)
    expect(await readBy(() => store.countAfter(caughtUp))).toBeLessThanOrEqual(1)
    // From the start, the 2000 records before our first event are skipped as well.
    expect(await readBy(() => store.readAll(null, 5))).toBeLessThan(100)
    await store.close()
  })

  it('Given a server that cannot be read, When a store is opened on it, Then opening fails and disposes of the client', async () => {
    let disposed = false
    const failing = {
      ...new InMemoryKurrentDb().client(),
      readAll: () => {
        throw new Error('14 UNAVAILABLE: No connection established')
      },
      dispose: async () => {
        disposed = true
      },
    }

    await expect(KurrentDbEventStore.over(failing)).rejects.toThrow(/cannot use KurrentDB as the event store: 14 UNAVAILABLE/)
    expect(disposed).toBe(true)
  })
})
