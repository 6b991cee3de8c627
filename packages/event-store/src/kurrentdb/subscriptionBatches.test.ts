import { PassThrough } from 'node:stream'
import type { AllStreamResolvedEvent, RecordedEvent } from '@eventstore/db-client'
import { describe, expect, it } from 'vitest'
import type { GlobalPosition } from '../eventStore.ts'
import { touch } from '../../testing/testEvents.ts'
import { toEventData, toStoredEvent } from './eventRecord.ts'
import { recordOf } from '../../testing/kurrentdb/inMemoryKurrentDb.ts'
import { StreamNames } from './streamNames.ts'
import { SubscriptionBatches, type Batch, type BatchTiming } from './subscriptionBatches.ts'

/** Short enough to keep tests quick; the timing itself has a test of its own. */
const quick: BatchTiming = { pauseMs: 5, maxWaitMs: 50 }
const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) })
const streams = new StreamNames('t-')

/** A record as the subscription pushes it: one of ours unless another stream is named. */
function entry(eventId: string, position: number, streamName = 't-person-p'): AllStreamResolvedEvent {
  const record = recordOf(toEventData(touch(eventId, 'p'), 'append'), streamName, 0n, at(position))
  return { event: record, commitPosition: record.position.commit }
}

const toEvent = (record: RecordedEvent) => {
  const streamId = streams.streamIdOf(record.streamId)
  return streamId === undefined ? undefined : toStoredEvent(record, streamId)
}

/** Batches over a stream the test writes to, as the client's transform would push. */
function fed(after: GlobalPosition | null = null) {
  const source = new PassThrough({ objectMode: true })
  const batches = new SubscriptionBatches(source, after, toEvent)
  const never = new AbortController().signal
  return { source, batches, never }
}

const summary = (batch: Batch | undefined) =>
  batch && { ids: batch.events.map((stored) => stored.event.eventId), checkpoint: batch.checkpoint?.commit }

describe('SubscriptionBatches', () => {
  it('Given a checkpoint reported while events sent before it are still unread, When batches are taken, Then it comes after those events, once the next checkpoint confirmed it', async () => {
    const { source, batches, never } = fed()
    source.write(entry('e1', 10))
    source.write(entry('e2', 20))
    batches.checkpointReached(at(25))
    batches.checkpointReached(at(27))

    expect(summary(await batches.next(1, quick, never))).toEqual({ ids: ['e1'], checkpoint: undefined })
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: ['e2'], checkpoint: 25n })
  })

  it('Given checkpoints within what was read, or repeated, When batches are taken, Then only a new position past the events is handed on, once', async () => {
    const { source, batches, never } = fed()
    source.write(entry('e1', 10))
    batches.checkpointReached(at(5))
    batches.checkpointReached(at(8))
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: ['e1'], checkpoint: undefined })

    batches.checkpointReached(at(30))
    batches.checkpointReached(at(31))
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: [], checkpoint: 30n })
    batches.checkpointReached(at(31))
    batches.checkpointReached(at(12))
    batches.checkpointReached(at(31))
    expect(await batches.next(10, quick, AbortSignal.timeout(50))).toBeUndefined()
  })

  it('Given a server that reports a checkpoint at an event it sends only afterwards, When batches are taken, Then that checkpoint is never handed on', async () => {
    const { source, batches, never } = fed()
    source.write(entry('e1', 10))
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: ['e1'], checkpoint: undefined })
    batches.checkpointReached(at(20))
    expect(await batches.next(10, quick, AbortSignal.timeout(50))).toBeUndefined()

    source.write(entry('e2', 20))
    batches.checkpointReached(at(30))
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: ['e2'], checkpoint: undefined })
    batches.checkpointReached(at(40))
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: [], checkpoint: 30n })
  })

  it('Given events arriving in small gaps and then a pause, When a batch is taken, Then it holds what came before the pause', async () => {
    const { source, batches, never } = fed()
    source.write(entry('e1', 10))
    setTimeout(() => source.write(entry('e2', 20)), 10)
    setTimeout(() => source.write(entry('e3', 30)), 20)
    setTimeout(() => source.write(entry('e4', 40)), 500)

    const started = Date.now()
    expect(summary(await batches.next(10, { pauseMs: 40, maxWaitMs: 1000 }, never))).toEqual({
      ids: ['e1', 'e2', 'e3'],
      checkpoint: undefined,
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(55)
    expect(Date.now() - started).toBeLessThan(450)
    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: ['e4'], checkpoint: undefined })
  })

  it('Given a steady trickle that never pauses, When a batch is taken, Then it is handed over at the latest maxWaitMs after its first event', async () => {
    const { source, batches, never } = fed()
    let n = 0
    source.write(entry(`e${n}`, ++n))
    const trickle = setInterval(() => source.write(entry(`e${n}`, ++n)), 5)

    const started = Date.now()
    const batch = await batches.next(1000, { pauseMs: 40, maxWaitMs: 100 }, never)
    clearInterval(trickle)
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
    expect(Date.now() - started).toBeLessThan(400)
    expect(batch?.events.length).toBeGreaterThan(2)
  })

  it('Given the record at the starting position and records of other streams, When pulled, Then neither reaches a batch', async () => {
    const { source, batches, never } = fed(at(10))
    source.write(entry('start', 10))
    source.write(entry('theirs', 15, 'other-person-p'))
    source.write(entry('e1', 20))

    expect(summary(await batches.next(10, quick, never))).toEqual({ ids: ['e1'], checkpoint: undefined })
  })

  it('Given a subscription that fails or ends, When a batch is wanted, Then next throws, after handing over what was pulled', async () => {
    const failing = fed()
    failing.source.destroy(new Error('14 UNAVAILABLE'))
    await expect(failing.batches.next(10, quick, failing.never)).rejects.toThrow('14 UNAVAILABLE')

    const ending = fed()
    ending.source.end(entry('e1', 10))
    expect(summary(await ending.batches.next(10, quick, ending.never))).toEqual({ ids: ['e1'], checkpoint: undefined })
    await expect(ending.batches.next(10, quick, ending.never)).rejects.toThrow('KurrentDB ended the $all subscription')
  })
})
