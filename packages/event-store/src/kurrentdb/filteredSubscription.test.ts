import { jsonEvent } from '@eventstore/db-client'
import { describe, expect, it } from 'vitest'
import type { GlobalPosition, StoredEvent } from '../eventStore.ts'
import { comparePositions } from '../position.ts'
import { touches } from '../../testing/testEvents.ts'
import { InMemoryKurrentDb } from '../../testing/kurrentdb/inMemoryKurrentDb.ts'
import type { StandInSubscription } from '../../testing/kurrentdb/inMemorySubscription.ts'
import type { KurrentClient } from './kurrentClient.ts'
import { KurrentDbEventStore } from './kurrentDbEventStore.ts'

let stores = 0
async function storeOn(server: InMemoryKurrentDb, client: KurrentClient = server.client()) {
  const prefix = `s${++stores}-`
  return { prefix, store: await KurrentDbEventStore.over(client, { streamPrefix: prefix }) }
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

const idsOf = (batch: StoredEvent[]) => batch.map((stored) => stored.event.eventId)
const lastLog = (server: InMemoryKurrentDb) => {
  const log = server.subscriptions.at(-1)
  if (!log) throw new Error('no subscription')
  return log
}

describe('the KurrentDB subscription on an in-memory stand-in', () => {
  it('Given other streams around ours, When subscribed, Then the server is asked to filter by our prefix and sends none of theirs, history or live', async () => {
    const server = new InMemoryKurrentDb()
    const { prefix, store } = await storeOn(server)
    const neighbour = await storeOn(server)
    server.writeForeignRecords(50, 'orders-17')
    await neighbour.store.append(touches('theirs', 'p1', 5))
    await store.append(touches('old', 'p1', 3))
    const seen: string[] = []
    const subscription = store.subscribe(null, async (batch) => void seen.push(...idsOf(batch)))
    await waitFor(() => seen.length === 3, 'history')
    server.writeForeignRecords(50)
    await neighbour.store.append(touches('theirs-live', 'p1', 5))
    await store.append(touches('new', 'p2', 2))
    await waitFor(() => seen.length === 5, 'live events')
    await subscription.stop()

    const log = lastLog(server)
    expect(log.options.filter).toMatchObject({ filterOn: 'streamName', prefixes: [prefix] })
    expect(log.sent).toHaveLength(5)
    expect(log.sent.every((streamName) => streamName.startsWith(prefix))).toBe(true)
    expect(log.looked).toBeGreaterThan(100)
    expect(seen).toEqual(['old-0', 'old-1', 'old-2', 'new-0', 'new-1'])
    await Promise.all([store.close(), neighbour.store.close()])
  })

  for (const readFromPositionIncludesIt of [true, false]) {
    it(`Given a server whose subscription from a position ${readFromPositionIncludesIt ? 'sends' : 'does not send'} the record there, When subscribed after an event, Then delivery starts with the next one`, async () => {
      const server = new InMemoryKurrentDb({ readFromPositionIncludesIt })
      const { store } = await storeOn(server)
      await store.append(touches('e', 'p1', 10))
      const after = (await store.readAll(null, 10))[2]?.position ?? null
      const seen: string[] = []
      const subscription = store.subscribe(after, async (batch) => void seen.push(...idsOf(batch)))
      await waitFor(() => seen.length >= 7, 'the events after the third')
      await subscription.stop()

      expect(seen).toEqual(['e-3', 'e-4', 'e-5', 'e-6', 'e-7', 'e-8', 'e-9'])
      expect(lastLog(server).sent).toHaveLength(readFromPositionIncludesIt ? 8 : 7)
      await store.close()
    })
  }

  it('Given a slow handler, When much is waiting, Then one batch at a time is in flight and the server sends only as far as the stream buffers reach', async () => {
    const server = new InMemoryKurrentDb()
    const { store } = await storeOn(server)
    await store.append(touches('e', 'p1', 1000))
    const batchSize = 10
    // The stand-in's pipe and the subscription's two object buffers hold 16 records each, as the client's do.
    const buffered = 3 * 16
    let handled = 0
    let inHandler = false
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const subscription = store.subscribe(
      null,
      async (batch) => {
        expect(inHandler).toBe(false)
        expect(batch.length).toBeLessThanOrEqual(batchSize)
        expect(lastLog(server).sent.length).toBeLessThanOrEqual(handled + batch.length + buffered)
        inHandler = true
        if (handled === 0) await held
        else await new Promise((resolve) => setTimeout(resolve, 1))
        handled += batch.length
        inHandler = false
      },
      { batchSize },
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(lastLog(server).sent.length).toBeLessThanOrEqual(batchSize + buffered)
    release()
    await waitFor(() => handled === 1000, 'every event')
    await subscription.stop()
    await store.close()
  })

  it('Given a handler that stops the subscription mid-stream, When stop is called, Then the batch in hand finishes, nothing more is handled and the server call ends', async () => {
    const server = new InMemoryKurrentDb()
    const { store } = await storeOn(server)
    await store.append(touches('e', 'p1', 200))
    const batches: string[][] = []
    let stopped: Promise<void> | undefined
    let finishedBeforeStopResolved = false
    const subscription = store.subscribe(
      null,
      async (batch) => {
        batches.push(idsOf(batch))
        if (batches.length === 3) {
          stopped = subscription.stop()
          await new Promise((resolve) => setTimeout(resolve, 20))
          finishedBeforeStopResolved = true
        }
      },
      { batchSize: 10 },
    )
    await waitFor(() => stopped !== undefined, 'the third batch')
    await stopped
    expect(finishedBeforeStopResolved).toBe(true)
    await expect(subscription.done).resolves.toBeUndefined()
    expect(batches).toHaveLength(3)
    const sent = lastLog(server).sent.length
    await store.append(touches('after-stop', 'p1', 100))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(batches).toHaveLength(3)
    expect(lastLog(server).sent.length).toBe(sent)
    await store.close()
  })

  it('Given an abort signal, When it fires while caught up, Then the subscription ends at once and the server call with it', async () => {
    const server = new InMemoryKurrentDb()
    const { store } = await storeOn(server)
    await store.append(touches('e', 'p1', 2))
    const abort = new AbortController()
    const seen: string[] = []
    const subscription = store.subscribe(null, async (batch) => void seen.push(...idsOf(batch)), { signal: abort.signal })
    await waitFor(() => seen.length === 2, 'the events')
    const started = Date.now()
    abort.abort()
    await expect(subscription.done).resolves.toBeUndefined()
    expect(Date.now() - started).toBeLessThan(1000)
    await store.append(touches('later', 'p1', 5))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(lastLog(server).sent).toHaveLength(2)
    await store.close()
  })

  it('Given a handler that throws, When a batch arrives, Then done rejects with its error, the server call ends and stop still resolves', async () => {
    const server = new InMemoryKurrentDb()
    const { store } = await storeOn(server)
    await store.append(touches('e', 'p1', 100))
    let calls = 0
    const subscription = store.subscribe(null, async () => {
      calls++
      throw new Error('projection broke')
    })

    await expect(subscription.done).rejects.toThrow('projection broke')
    await expect(subscription.stop()).resolves.toBeUndefined()
    const sent = lastLog(server).sent.length
    await store.append(touches('later', 'p1', 50))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(calls).toBe(1)
    expect(lastLog(server).sent.length).toBe(sent)
    await store.close()
  })

  it('Given a subscription the server fails or ends, When it happens, Then done rejects saying so', async () => {
    const server = new InMemoryKurrentDb()
    const calls: StandInSubscription[] = []
    const client: KurrentClient = {
      ...server.client(),
      subscribeToAll: (options) => {
        const call = server.client().subscribeToAll(options) as StandInSubscription
        calls.push(call)
        return call
      },
    }
    const { store } = await storeOn(server, client)
    await store.append(touches('e', 'p1', 3))

    const failing = store.subscribe(null, async () => undefined)
    await waitFor(() => calls.length === 1, 'the call')
    calls[0]?.destroy(new Error('14 UNAVAILABLE: Connection dropped'))
    await expect(failing.done).rejects.toThrow('14 UNAVAILABLE')

    const seen: string[] = []
    const ending = store.subscribe(null, async (batch) => void seen.push(...idsOf(batch)))
    await waitFor(() => seen.length === 3, 'the events')
    await calls[1]?.unsubscribe()
    await expect(ending.done).rejects.toThrow('KurrentDB ended the $all subscription')
    await store.close()
  })

  it('Given a long stretch of other records after our events, When the server checkpoints, Then onCheckpoint moves past it after the events, and a restart from there walks none of it again', async () => {
    const server = new InMemoryKurrentDb()
    const { prefix, store } = await storeOn(server)
    await store.append(touches('e', 'p1', 3))
    server.writeForeignRecords(1000)
    const calls: ({ events: GlobalPosition[] } | { checkpoint: GlobalPosition })[] = []
    const subscription = store.subscribe(null, async (batch) => void calls.push({ events: batch.map((s) => s.position) }), {
      onCheckpoint: async (checkpoint) => void calls.push({ checkpoint }),
    })
    await waitFor(() => calls.some((call) => 'checkpoint' in call && call.checkpoint.commit > 100_000n), 'a checkpoint')
    await subscription.stop()

    // In order: every position handed on lies past every one before it.
    const positions = calls.flatMap((call) => ('events' in call ? call.events : [call.checkpoint]))
    for (const [i, position] of positions.entries()) {
      const previous = positions[i - 1]
      if (previous) expect(comparePositions(previous, position)).toBeLessThan(0)
    }
    expect(calls[0]).toMatchObject({ events: expect.any(Array) })
    expect(positions).toHaveLength(3 + calls.filter((call) => 'checkpoint' in call).length)
    const last = calls.at(-1)
    if (!last || !('checkpoint' in last)) throw new Error('no checkpoint last')
    expect(lastLog(server).options.filter?.checkpointInterval).toBeGreaterThan(0)

    await store.append(touches('later', 'p1', 2))
    const seen: string[] = []
    const resumed = store.subscribe(last.checkpoint, async (batch) => void seen.push(...idsOf(batch)))
    await waitFor(() => seen.length === 2, 'the events after the checkpoint')
    await resumed.stop()
    expect(seen).toEqual(['later-0', 'later-1'])
    expect(lastLog(server).looked).toBeLessThan(100)
    expect(lastLog(server).sent.every((streamName) => streamName.startsWith(prefix))).toBe(true)
    await store.close()
  })

  it('Given a link record in one of our streams, When subscribed, Then it is passed over', async () => {
    const server = new InMemoryKurrentDb()
    const { prefix, store } = await storeOn(server)
    await store.append(touches('a', 'p1', 1))
    const link = jsonEvent({ type: '$>', data: { link: '0@elsewhere' } })
    await server.client().appendToStream(`${prefix}person-p9`, [link], {})
    await store.append(touches('b', 'p2', 1))
    const seen: string[] = []
    const subscription = store.subscribe(null, async (batch) => void seen.push(...idsOf(batch)))
    await waitFor(() => seen.length === 2, 'our events')
    await subscription.stop()

    expect(seen).toEqual(['a-0', 'b-0'])
    expect(lastLog(server).sent).toHaveLength(3)
    await store.close()
  })
})
