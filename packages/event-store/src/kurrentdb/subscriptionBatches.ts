import type { Readable } from 'node:stream'
import type { AllStreamResolvedEvent, Position, RecordedEvent } from '@eventstore/db-client'
import type { GlobalPosition, StoredEvent } from '../eventStore.ts'
import { comparePositions } from '../position.ts'
import { positionOf } from './eventRecord.ts'
import { ServerCheckpoints } from './serverCheckpoints.ts'

/** When a batch that is not full is handed over. */
export interface BatchTiming {
  /** Once no record came for this long: the stream paused, the server has sent what it had. */
  pauseMs: number
  /** At the latest this long after the batch's first event, so that a steady trickle is not held back. */
  maxWaitMs: number
}

export interface Batch {
  /** Our events in log order; empty when only `checkpoint` moved on. */
  events: StoredEvent[]
  /**
   * A position past `events` and everything handed out before, up to which the server looked at `$all` and found
   * nothing more of ours: a reader may resume after it.
   */
  checkpoint?: GlobalPosition
}

/**
 * Turns what a KurrentDB `$all` subscription pushes into batches for a handler.
 *
 * Records are pulled with `read()`, and only while a batch is being filled: what is not pulled stays in the
 * subscription's stream buffers (a few dozen records), which then stop taking from the gRPC call, whose flow control
 * holds the server back. A slow handler therefore slows the server down instead of filling memory.
 *
 * Checkpoints come through the client's `checkpointReached` callback, outside the stream; `ServerCheckpoints` puts
 * them back in order with the records and holds back the ones a reader could not safely store.
 */
export class SubscriptionBatches {
  private readonly source: Readable
  private readonly toEvent: (record: RecordedEvent) => StoredEvent | undefined
  /** The last record pulled (or the starting position): anything not after it was seen already. */
  private lastSeen: GlobalPosition | null
  private readonly checkpoints = new ServerCheckpoints()
  private failure: unknown
  private ended = false
  private wake: (() => void) | undefined

  constructor(source: Readable, after: GlobalPosition | null, toEvent: (record: RecordedEvent) => StoredEvent | undefined) {
    this.source = source
    this.lastSeen = after
    this.toEvent = toEvent
    // A 'readable' listener keeps the stream paused: nothing leaves its buffer but through `read()`.
    source.on('readable', this.notify)
    // Stays attached after the subscription is over, so that a late error cannot go unhandled and crash the process.
    source.on('error', (error: unknown) => {
      this.failure ??= error
      this.notify()
    })
    source.on('end', () => {
      this.ended = true
      this.notify()
    })
  }

  /** For the filter's `checkpointReached`: notes the server's position; ignoring one is always safe. */
  checkpointReached(position: Position): void {
    const reached = { commit: position.commit, prepare: position.prepare }
    if (this.checkpoints.reported(reached, this.source.readableLength)) this.notify()
  }

  /**
   * The next batch: up to `max` events, handed over once full, once the stream pauses or has kept it waiting long
   * enough (`timing`), or as soon as a checkpoint past it may be handed on. Waits for an event or a checkpoint;
   * undefined once `signal` aborts (the batch being filled is dropped: a reader resumes from what it last handled).
   * Throws the subscription's error, or when the server ended the subscription.
   */
  async next(max: number, timing: BatchTiming, signal: AbortSignal): Promise<Batch | undefined> {
    const events: StoredEvent[] = []
    let firstAt: number | undefined
    let deadline: number | undefined
    for (;;) {
      if (signal.aborted) return undefined
      if (this.failure !== undefined) throw this.failure
      const pulled = this.pull(events, max)
      if (events.length >= max) return { events }
      const checkpoint = this.checkpoints.take(this.lastSeen)
      if (checkpoint !== undefined) return { events, checkpoint }
      if (this.ended) {
        if (events.length > 0) return { events }
        throw new Error('KurrentDB ended the $all subscription')
      }
      if (events.length > 0) {
        const now = Date.now()
        firstAt ??= now
        if (pulled > 0 || deadline === undefined) deadline = Math.min(now + timing.pauseMs, firstAt + timing.maxWaitMs)
        if (now >= deadline) return { events }
      }
      await this.change(signal, deadline)
    }
  }

  /** Takes what the stream has buffered, without waiting, until the batch is full; says how many records it took. */
  private pull(events: StoredEvent[], max: number): number {
    let pulled = 0
    while (events.length < max) {
      const resolved = this.source.read() as AllStreamResolvedEvent | null
      if (resolved === null) break
      pulled++
      this.checkpoints.pulled()
      const record = resolved.event
      if (!record) throw new Error('KurrentDB sent a $all entry without its record')
      const position = positionOf(record)
      // Whether the server starts with the record at the starting position is left open: skip it either way.
      if (this.lastSeen !== null && comparePositions(position, this.lastSeen) <= 0) continue
      this.lastSeen = position
      const event = this.toEvent(record)
      if (event) events.push(event)
    }
    return pulled
  }

  /** Waits for something to happen on the stream, for the deadline, or for the abort. */
  private change(signal: AbortSignal, deadline: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        this.wake = undefined
        resolve()
      }
      const timer = deadline === undefined ? undefined : setTimeout(done, Math.max(0, deadline - Date.now()))
      this.wake = done
      signal.addEventListener('abort', done, { once: true })
    })
  }

  private readonly notify = (): void => this.wake?.()
}
