import type { ClickHouse } from '@attribution/clickhouse'
import {
  loadQuarantined,
  registryProblems,
  rowVersionOf,
  saveQuarantined,
  writeCheckpoints,
  type Checkpoint,
  type QuarantinedEvent,
} from '@attribution/read-model'
import type { EventStore, StoredEvent } from '@attribution/event-store'
import { describeFailure } from './describeFailure.ts'
import { applyIsolating, type IsolationSteps } from './isolatePoison.ts'
import type { Projection } from './projections/projection.ts'
import { secondsSince, type ProjectorMetrics } from './projectorMetrics.ts'

export interface EventApplicationOptions {
  store: EventStore
  clickhouse: ClickHouse
  /** The projector's name: its quarantined events are kept under it. */
  name: string
  /**
   * What each batch is applied to: stage after stage, the projections of one stage side by side (they read only the
   * tables of earlier stages, so ClickHouse can run one's queries while the others compute).
   */
  stages: readonly (readonly Projection[])[]
  /** The checkpoints that move to the end of each batch applied, together. */
  checkpoints: readonly string[]
  /** Called with each event set aside. */
  onQuarantine: (event: QuarantinedEvent) => void
  /** Called when the stores do not answer, before waiting `retryInMs` to try again. */
  onOutage: (error: unknown, retryInMs: number) => void
  /**
   * Test seam: runs after a batch's rows are written and before its checkpoint is, where a crash hurts most. An error
   * it throws halts the projection right there, as the death of the process would: no isolation, no checkpoint.
   */
  beforeCheckpoint?: (batch: readonly StoredEvent[]) => Promise<void> | void
  /** Where batch durations and the events applied and set aside are counted. */
  metrics?: ProjectorMetrics
}

/** Raised out of an outage wait when the projector stops: the batch in hand is abandoned, to be read again at start. */
export class ProjectorStopping extends Error {
  override readonly name = 'ProjectorStopping'
}

const firstOutageWaitMs = 500
const longestOutageWaitMs = 30_000

/**
 * Applies events to the projection's tables, so that no event can stop it: a batch that fails is halved until the
 * events that cannot be applied stand alone (isolatePoison.ts); those are set aside in quarantined_events with the
 * reason, their facts taken back, and the checkpoint moves past them. An outage of the stores is waited out instead:
 * it is nobody's fault, and every event is applied once they answer again.
 *
 * Rows carry the number of events applied through their batch as their version, and the newest version of a row wins.
 * A failed attempt may have written rows before it failed, under the version of its whole batch; so every attempt
 * after it writes above that (claimVersion), or its halves, which hold fewer events, would lose to those rows.
 */
export class EventApplication {
  private current: Checkpoint = { position: null, eventsProcessed: 0 }
  /** The highest version any attempt may have written rows under: the last one claimed. */
  private claimed = 0
  private stopping = false
  /** What halted the projection through the beforeCheckpoint seam. */
  halted: unknown
  private wakeFromWait: (() => void) | undefined

  constructor(private readonly options: EventApplicationOptions) {}

  get checkpoint(): Checkpoint {
    return this.current
  }

  resumeAt(checkpoint: Checkpoint): void {
    this.current = checkpoint
    this.claimed = rowVersionOf(checkpoint)
  }

  /** Ends any outage wait: the application in hand rejects with ProjectorStopping. */
  stop(): void {
    this.stopping = true
    this.wakeFromWait?.()
  }

  /** Applies the next batch of the log and moves the checkpoint to its end. */
  applyBatch(batch: readonly StoredEvent[]): Promise<void> {
    return applyIsolating(batch, {
      apply: async (events) => {
        await this.applyEvents(events, this.advancedTo(events))
      },
      quarantine: async (event, error) => {
        const next = this.advancedTo([event])
        await this.setAside(event, describeFailure(error), 1, { version: next.rowVersion ?? next.eventsProcessed })
        await this.writeCheckpointAt(next)
      },
      storesAnswer: () => this.storesAnswer(),
    })
  }

  /**
   * Applies again the quarantined events someone asked to retry (POST /v1/quarantine/retry), in log order. The
   * checkpoint stays where it is: these events lie behind it, and every table the projection keeps is keyed, so applying
   * them late ends with the rows an in-order application would have written. Returns how many were applied.
   */
  async retryRequested(): Promise<number> {
    const { clickhouse, name } = this.options
    const requested = await loadQuarantined(clickhouse, { projection: name, states: ['retry_requested'] })
    if (requested.length === 0) return 0
    const { found, missing } = await this.readAgain(requested)
    await saveQuarantined(clickhouse, missing.map((event) => ({ ...event, state: 'quarantined', error: 'the event store no longer holds it' })))
    const byId = new Map(requested.map((event) => [event.eventId, event]))
    let applied = 0
    const steps: IsolationSteps<StoredEvent> = {
      apply: async (events) => {
        const refused = await this.applyEvents(events, this.advancedTo(events, { position: this.current.position }))
        const reapplied = events.flatMap(({ event }) => {
          const quarantined = byId.get(event.eventId)
          return quarantined && !refused.has(event.eventId) ? [{ ...quarantined, state: 'reapplied' as const }] : []
        })
        await saveQuarantined(clickhouse, reapplied)
        applied += reapplied.length
      },
      quarantine: (event, error) => {
        const attempts = (byId.get(event.event.eventId)?.attempts ?? 0) + 1
        return this.setAside(event, describeFailure(error), attempts, { version: this.claimVersion(this.current.eventsProcessed + 1) })
      },
      storesAnswer: () => this.storesAnswer(),
    }
    await applyIsolating(found, steps)
    return applied
  }

  /**
   * The batch's registry events that must not be applied are set aside (registryProblems.ts); the rest go through each
   * stage of projections in turn, each given the events it handles, their rows under the version `next` claimed; then
   * the checkpoints move. Throws when any step fails. Returns the ids set aside.
   */
  private async applyEvents(events: readonly StoredEvent[], next: Checkpoint): Promise<Set<string>> {
    const { clickhouse, stages, metrics } = this.options
    const started = performance.now()
    const version = rowVersionOf(next)
    const problems = await registryProblems(clickhouse, events)
    for (const event of events) {
      const problem = problems.get(event.event.eventId)
      if (problem !== undefined) await this.setAside(event, problem, 1, { applied: false, version })
    }
    const applied = problems.size === 0 ? events : events.filter(({ event }) => !problems.has(event.eventId))
    for (const stage of stages) {
      await settled(
        stage.map(async (projection) => {
          const handled = applied.filter(({ event }) => projection.handles.has(event.type))
          if (handled.length === 0) return
          const projectionStarted = performance.now()
          await projection.apply(handled, version)
          metrics?.projectionDuration.observe({ projection: projection.name }, secondsSince(projectionStarted))
        }),
      )
    }
    try {
      await this.options.beforeCheckpoint?.(events)
    } catch (crash) {
      this.halted = crash
      this.stop()
      throw crash
    }
    await this.writeCheckpointAt(next)
    metrics?.batchDuration.observe(secondsSince(started))
    metrics?.eventsApplied.inc(applied.length)
    return new Set(problems.keys())
  }

  /**
   * Records an event as quarantined and has every projection take back what a failed attempt may have applied of it:
   * the facts it wrote, and what the others derived from them, recomputed without it. Taking back is best effort: the
   * event stays quarantined whatever happens, and a failure is reported as an outage would be.
   */
  private async setAside(stored: StoredEvent, error: string, attempts: number, { applied = true, version }: { applied?: boolean; version: number }): Promise<void> {
    const { clickhouse, name, stages } = this.options
    const now = Date.now()
    const quarantined: QuarantinedEvent = {
      projection: name,
      eventId: stored.event.eventId,
      eventType: stored.event.type,
      streamId: stored.streamId,
      streamVersion: stored.streamVersion,
      position: stored.position,
      occurredAt: String(stored.event.occurredAt),
      error,
      state: 'quarantined',
      attempts,
      quarantinedAt: now,
      updatedAt: now,
    }
    await saveQuarantined(clickhouse, [quarantined])
    this.options.metrics?.eventsQuarantined.inc()
    this.options.onQuarantine(quarantined)
    if (!applied) return
    try {
      for (const stage of stages) {
        const concerned = stage.filter((projection) => projection.handles.has(stored.event.type))
        await settled(concerned.map((projection) => projection.takeBack([stored], version)))
      }
    } catch (cleanup) {
      this.options.onOutage(cleanup, 0)
    }
  }

  /**
   * The checkpoint after these events, with the version their rows are written under claimed: an attempt's rows win
   * over every earlier attempt's, failed ones included.
   */
  private advancedTo(events: readonly StoredEvent[], { position = events.at(-1)?.position ?? this.current.position } = {}): Checkpoint {
    const eventsProcessed = this.current.eventsProcessed + events.length
    const version = this.claimVersion(eventsProcessed)
    return version > eventsProcessed ? { position, eventsProcessed, rowVersion: version } : { position, eventsProcessed }
  }

  /** The version for an attempt's rows: the events applied through its end, or above the last version claimed. */
  private claimVersion(eventsProcessed: number): number {
    this.claimed = Math.max(eventsProcessed, this.claimed + 1)
    return this.claimed
  }

  private async writeCheckpointAt(next: Checkpoint): Promise<void> {
    await writeCheckpoints(this.options.clickhouse, this.options.checkpoints, next)
    this.current = next
  }

  /**
   * Whether the stores answer: a read of the event store and a real write to ClickHouse (the checkpoint as it is), so a
   * ClickHouse that reads but cannot write (a full disk) counts as down rather than quarantining every event. When they
   * do not, waits with a growing pause until they do and resolves false.
   */
  private async storesAnswer(): Promise<boolean> {
    for (let waitMs = firstOutageWaitMs; ; waitMs = Math.min(waitMs * 2, longestOutageWaitMs)) {
      if (this.stopping) throw this.halted ?? new ProjectorStopping('the projector is stopping')
      try {
        await this.options.store.head()
        await writeCheckpoints(this.options.clickhouse, this.options.checkpoints, this.current)
        return waitMs === firstOutageWaitMs
      } catch (error) {
        this.options.onOutage(error, waitMs)
        await this.pause(waitMs)
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeFromWait = done
    })
  }

  /** The quarantined events as the store holds them, in log order; those it no longer holds apart. */
  private async readAgain(quarantined: readonly QuarantinedEvent[]): Promise<{ found: StoredEvent[]; missing: QuarantinedEvent[] }> {
    const streams = new Map<string, StoredEvent[]>()
    const found: StoredEvent[] = []
    const missing: QuarantinedEvent[] = []
    for (const event of quarantined) {
      const stream = streams.get(event.streamId) ?? (await this.options.store.readStream(event.streamId))
      streams.set(event.streamId, stream)
      const stored = stream.find((candidate) => candidate.event.eventId === event.eventId)
      if (stored) found.push(stored)
      else missing.push(event)
    }
    return { found, missing }
  }
}

/**
 * Waits for every projection of a stage, then fails with the first failure: one that failed must not leave another
 * still writing while the batch is halved and applied again.
 */
async function settled(work: readonly Promise<void>[]): Promise<void> {
  const failure = (await Promise.allSettled(work)).find((outcome) => outcome.status === 'rejected')
  if (failure) throw failure.reason
}
