import { describe, expect, it } from 'vitest'
import type { GlobalPosition, StoredEvent } from './eventStore.ts'
import { pollingSubscription } from './subscription.ts'
import { touch } from '../testing/testEvents.ts'

/** A log of `count` events at positions 1/1 .. 1/count, paged like the real stores page theirs. */
function fakeLog(count: number) {
  const log: StoredEvent[] = Array.from({ length: count }, (_, i) => ({
    position: { commit: 1n, prepare: BigInt(i + 1) },
    streamId: 'person-p',
    streamVersion: i,
    recordedAt: '2024-05-01T00:00:00.000Z',
    event: touch(`e${i + 1}`, 'p'),
  }))
  const reads: (GlobalPosition | null)[] = []
  const readAll = async (after: GlobalPosition | null, limit: number) => {
    reads.push(after)
    const start = after === null ? 0 : Number(after.prepare)
    return log.slice(start, start + limit)
  }
  return { log, reads, readAll }
}

const idsOf = (batch: StoredEvent[]) => batch.map((stored) => stored.event.eventId)

describe('pollingSubscription', () => {
  it('Given a slow handler, When pages arrive, Then the next page is read only after the handler resolved', async () => {
    const { readAll, reads } = fakeLog(5)
    const batches: string[][] = []
    let inHandler = false
    const subscription = pollingSubscription(
      readAll,
      null,
      async (batch) => {
        expect(inHandler).toBe(false)
        inHandler = true
        await new Promise((resolve) => setTimeout(resolve, 5))
        batches.push(idsOf(batch))
        inHandler = false
        if (batches.length === 3) void subscription.stop()
      },
      { batchSize: 2, idleMs: 1 },
    )
    await subscription.done

    expect(batches).toEqual([['e1', 'e2'], ['e3', 'e4'], ['e5']])
    expect(reads.slice(0, 3)).toEqual([null, { commit: 1n, prepare: 2n }, { commit: 1n, prepare: 4n }])
  })

  it('Given a handler that throws, When it fails, Then the subscription stops and done rejects with that error', async () => {
    const { readAll, reads } = fakeLog(10)
    const subscription = pollingSubscription(readAll, null, async () => Promise.reject(new Error('projection broke')), {
      batchSize: 3,
    })

    await expect(subscription.done).rejects.toThrow('projection broke')
    expect(reads).toHaveLength(1)
    await expect(subscription.stop()).resolves.toBeUndefined()
  })

  it('Given an abort signal, When it fires while caught up, Then the subscription ends without waiting out idleMs', async () => {
    const { readAll } = fakeLog(1)
    const abort = new AbortController()
    const seen: string[] = []
    const subscription = pollingSubscription(readAll, null, async (batch) => void seen.push(...idsOf(batch)), {
      idleMs: 60_000,
      signal: abort.signal,
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    const started = Date.now()
    abort.abort()
    await subscription.done

    expect(seen).toEqual(['e1'])
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('Given a starting checkpoint, When subscribed, Then only events strictly after it are handed over', async () => {
    const { readAll } = fakeLog(4)
    const seen: string[] = []
    const subscription = pollingSubscription(readAll, { commit: 1n, prepare: 2n }, async (batch) => {
      seen.push(...idsOf(batch))
      void subscription.stop()
    })
    await subscription.done

    expect(seen).toEqual(['e3', 'e4'])
  })

  it('Given read-ahead, When a full page is handled, Then the next one is read meanwhile, and a short one is not read past', async () => {
    const { readAll, reads } = fakeLog(5)
    const batches: string[][] = []
    const readsWhileHandling: number[] = []
    const subscription = pollingSubscription(
      readAll,
      null,
      async (batch) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        readsWhileHandling.push(reads.length)
        batches.push(idsOf(batch))
        if (batches.length === 3) void subscription.stop()
      },
      { batchSize: 2, idleMs: 1 },
      { readAhead: true },
    )
    await subscription.done

    expect(batches).toEqual([['e1', 'e2'], ['e3', 'e4'], ['e5']])
    // Full pages: their successor was asked for before the handler finished. The short page ['e5']: nothing after it.
    expect(readsWhileHandling).toEqual([2, 3, 3])
    expect(reads.slice(0, 3)).toEqual([null, { commit: 1n, prepare: 2n }, { commit: 1n, prepare: 4n }])
  })

  it('Given read-ahead, When the handler throws, Then done rejects with its error, not with the page read ahead', async () => {
    const { readAll: readLog } = fakeLog(10)
    let read = 0
    const readAll = async (after: GlobalPosition | null, limit: number) => {
      if (++read > 1) throw new Error('store went away')
      return readLog(after, limit)
    }
    const subscription = pollingSubscription(readAll, null, async () => Promise.reject(new Error('projection broke')), { batchSize: 3 }, { readAhead: true })

    await expect(subscription.done).rejects.toThrow('projection broke')
    expect(read).toBe(2)
  })
})
