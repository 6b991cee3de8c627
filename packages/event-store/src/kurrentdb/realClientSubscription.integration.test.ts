import type { Position } from '@eventstore/db-client'
import { afterEach, describe, expect, it } from 'vitest'
import type { GlobalPosition, StoredEvent } from '../eventStore.ts'
import { touch } from '../../testing/testEvents.ts'
import { toEventData } from './eventRecord.ts'
import { GrpcReadServer, type WireRecord, type WireSubscription } from '../../testing/kurrentdb/grpcReadServer.ts'
import { KurrentDbEventStore } from './kurrentDbEventStore.ts'

/**
 * The subscription through the real `@eventstore/db-client` 6.2.1 and real gRPC, against a scripted endpoint
 * (`grpcReadServer.ts`): what goes on the wire and how the client's own stream code behaves under the adapter. What a
 * KurrentDB server does with the request is not proven here (see the package README).
 */
const prefix = 'wire-'
let position = 10_000n
const nextPosition = (): Position => {
  position += 128n
  return { commit: position, prepare: position }
}
const revisions = new Map<string, number>()

function record(streamName: string, type: string, data: unknown, metadata: unknown): WireRecord {
  const revision = revisions.get(streamName) ?? 0
  revisions.set(streamName, revision + 1)
  return { streamName, revision, type, position: nextPosition(), data, metadata }
}
const ours = (eventId: string) => {
  const event = toEventData(touch(eventId, 'p1'), 'wire-append')
  return record(`${prefix}person-p1`, event.type, event.data, event.metadata)
}
const theirs = (count: number) => Array.from({ length: count }, (_, i) => record('$stats-127.0.0.1:2113', '$statsCollected', { i }, {}))
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const idsOf = (batch: StoredEvent[]) => batch.map((stored) => stored.event.eventId)

/** Waits until `condition` holds; one that throws (nothing to look at yet) does not hold. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000
  const holds = () => {
    try {
      return condition()
    } catch {
      return false
    }
  }
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function serve(...records: WireRecord[]) {
  const wire = await GrpcReadServer.start()
  cleanup.push(() => wire.stop())
  wire.add(...records)
  const store = await KurrentDbEventStore.open(wire.connectionString, { streamPrefix: prefix })
  cleanup.push(() => store.close())
  const subscription = (): WireSubscription => {
    const last = wire.subscriptions.at(-1)
    if (!last) throw new Error('no subscription reached the server')
    return last
  }
  return { wire, store, subscription }
}

describe('the KurrentDB subscription through the real client, on the wire', () => {
  it('Given a checkpoint, When subscribed, Then the client asks for our prefix from it and our events come back exactly as appended, then live ones', async () => {
    const history = [ours('e0'), ...theirs(3), ours('e1'), ours('e2'), ...theirs(2), ours('e3')]
    const { wire, store, subscription } = await serve(...history)
    const after: GlobalPosition = history[4]?.position ?? { commit: 0n, prepare: 0n }
    const seen: StoredEvent[] = []
    const running = store.subscribe(after, async (batch) => void seen.push(...batch))
    await waitFor(() => seen.length === 2, 'the events after the checkpoint')
    wire.add(ours('live'))
    await waitFor(() => seen.length === 3, 'the live event')
    await running.stop()

    expect(subscription()).toMatchObject({ from: after, prefixes: [prefix], checkpointIntervalMultiplier: 1, resolveLinks: false })
    expect(idsOf(seen)).toEqual(['e2', 'e3', 'live'])
    expect(seen[0]).toMatchObject({ streamId: 'person-p1', streamVersion: 2, position: history[5]?.position })
    expect(seen[0]?.event).toStrictEqual(touch('e2', 'p1'))
  })

  it('Given a handler that holds its batch, When much more is waiting, Then gRPC flow control stops the server writing until it is released', async () => {
    const { store, subscription } = await serve(...range(5000).map((i) => ours(`e${i}`)))
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    let handled = 0
    const running = store.subscribe(
      null,
      async (batch) => {
        if (handled === 0) await held
        handled += batch.length
      },
      { batchSize: 100 },
    )
    await waitFor(() => subscription().waitedForDrain, 'the server to be held back')
    // The client's buffers and the HTTP/2 window fill up (a few hundred records here), then writing stops.
    let written = -1
    while (written !== subscription().written) {
      written = subscription().written
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await new Promise((resolve) => setTimeout(resolve, 200))

    expect(subscription().written).toBe(written)
    expect(written).toBeLessThan(1000)
    release()
    await waitFor(() => handled === 5000, 'every event')
    await running.stop()
  })

  it('Given a long stretch of other records after our events, When the server checkpoints, Then the client’s checkpointReached reaches onCheckpoint, after the events', async () => {
    const history = [ours('e0'), ours('e1'), ...theirs(500)]
    const { store } = await serve(...history)
    const calls: string[] = []
    let checkpoint: GlobalPosition | undefined
    const running = store.subscribe(null, async (batch) => void calls.push(...idsOf(batch)), {
      onCheckpoint: async (position) => {
        calls.push('checkpoint')
        checkpoint = position
      },
    })
    await waitFor(() => (checkpoint?.commit ?? 0n) >= (history[400]?.position.commit ?? 0n), 'a checkpoint deep in the stretch')
    await running.stop()

    expect(calls.slice(0, 3)).toEqual(['e0', 'e1', 'checkpoint'])
  })

  it('Given a running subscription, When stopped, Then the client cancels the call on the server', async () => {
    const { store, subscription } = await serve(ours('e0'))
    const seen: string[] = []
    const running = store.subscribe(null, async (batch) => void seen.push(...idsOf(batch)))
    await waitFor(() => seen.length === 1, 'the event')
    await running.stop()

    await waitFor(() => subscription().cancelled, 'the call to be cancelled')
  })

  it('Given a server that fails the call or ends it, When that happens, Then done rejects saying so', async () => {
    const { wire, store, subscription } = await serve(ours('e0'))
    const failing = store.subscribe(null, async () => undefined)
    await waitFor(() => subscription().written >= 2, 'the event')
    subscription().end(Object.assign(new Error('leader changed'), { code: 14 }))
    await expect(failing.done).rejects.toThrow(/UNAVAILABLE|leader changed/)

    const ending = store.subscribe(null, async () => undefined)
    await waitFor(() => wire.subscriptions.length === 2 && subscription().written >= 2, 'the event')
    subscription().end()
    await expect(ending.done).rejects.toThrow('KurrentDB ended the $all subscription')
  })
})
