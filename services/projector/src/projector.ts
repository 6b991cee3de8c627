import type { ClickHouse } from '@attribution/clickhouse'
import {
  countQuarantined,
  readCheckpoint,
  resumUnfinishedDays,
  rowVersionOf,
  type Checkpoint,
  type CreditModel,
  type QuarantinedEvent,
  type Training,
} from '@attribution/read-model'
import { formatPosition, type EventStore, type StoredEvent, type Subscription } from '@attribution/event-store'
import { BackgroundTraining } from './backgroundTraining.ts'
import { catchUpProjections } from './catchUp.ts'
import { CustomModelCrediting } from './customModelCrediting.ts'
import { describeFailure } from './describeFailure.ts'
import { EventApplication, ProjectorStopping } from './eventApplication.ts'
import { projectionCheckpoint, type Projection } from './projections/projection.ts'
import { readModelStages } from './projections/projections.ts'
import { attributeOpener, PersonNamesSync, type PersonDirectory } from './personDirectory.ts'
import { ProjectorMetrics } from './projectorMetrics.ts'
import { ensureCreditsBuilt, type RebuildProgress } from './rebuildCredits.ts'
import type { TrainingProgress } from './trainModels.ts'

export interface ProjectorOptions {
  store: EventStore
  clickhouse: ClickHouse
  /** The currency amounts are converted to (docs/currencies.md); USD when absent. */
  reportingCurrency?: string
  /** The checkpoint's name; one per projection. */
  name?: string
  batchSize?: number
  /** How long to wait between polls once caught up. */
  idleMs?: number
  /** Called after each batch is durable (rows and checkpoint), e.g. for progress bars. */
  onProgress?: (checkpoint: Checkpoint) => void
  /** Reports the one-off rebuild of every deal's credits on an install upgraded from before credit_lines. */
  onCreditRebuild?: (progress: RebuildProgress) => void
  /**
   * markov and shapley are trained again on all of history, in the background, once it has grown by this fraction
   * since their last training (default 0.1: every 10 % more events), at the first batch that reaches the log's head.
   */
  retrainGrowth?: number
  /** And no sooner than this after the last training began (default 10 minutes). */
  retrainIntervalMs?: number
  /** Reports a training's progress; its failure goes to onTrainingError (console.error when absent). */
  onTraining?: (progress: TrainingProgress) => void
  onTrainingError?: (error: unknown) => void
  /** Reports the crediting of every deal under a saved custom model; its failure goes to console.error. */
  onCustomCrediting?: (model: string, progress: RebuildProgress) => void
  /** Reports an event set aside because it could not be applied (default: one line on stderr, without its data). */
  onQuarantine?: (event: QuarantinedEvent) => void
  /** Reports that the stores do not answer and when the projector tries again (default: one line on stderr). */
  onOutage?: (error: unknown, retryInMs: number) => void
  /** How often to look for quarantined events someone asked to retry (default 2 s). */
  retryPollMs?: number
  /**
   * The person vault: the keys that open persons' sealed attributes (lead definitions score them) and the ids BI views
   * show. Absent (no vault, or tests projecting events stored as sent): attributes are read as stored.
   */
  persons?: PersonDirectory
  /** Test seam: runs after a batch's rows are written and before its checkpoint is, where a crash hurts most. */
  beforeCheckpoint?: (batch: readonly StoredEvent[]) => Promise<void> | void
  /** Where it counts batches and events (default: metrics in a registry of its own, at `projector.metrics`). */
  metrics?: ProjectorMetrics
}

export interface ProjectionStatus {
  name: string
  position: Checkpoint['position']
  eventsProcessed: number
  /** Events in the store the projection has not applied yet. */
  lag: number
  /** Events set aside because they could not be applied, and of those the ones waiting for a retry. */
  quarantined: number
  retryRequested: number
}

/**
 * Keeps ClickHouse in step with the event log: catch-up subscription from the stored checkpoint; each batch goes
 * through the projections of projections.ts stage by stage (the facts; then, side by side, the credits of the deals it
 * affects under every model kept and the lifecycles of the persons it affects under every active or replayed lead
 * definition), then the checkpoints of the projector and of each projection move together. Restarting anywhere is
 * safe because every projection's rows replace themselves when a batch is applied again; a projection added since the
 * last start first catches up alone (catchUp.ts).
 *
 * No event can stop it (EventApplication): an event it cannot apply is quarantined and the log goes on; an outage of
 * the stores is waited out, and a subscription the event store ended is started again from the checkpoint.
 *
 * Beside the batches, it trains markov and shapley on all of history whenever that has grown enough and the projector
 * has caught up with the log (trainModels), credits every deal under each custom model saved (CustomModelCrediting),
 * and applies again the quarantined events someone asked to retry.
 */
export class Projector {
  readonly name: string
  readonly metrics: ProjectorMetrics
  private subscription: Subscription | undefined
  private following: Promise<void> | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private retryPolling = false
  private stopped = false
  /** Batches, retries, and the steps of a training that must not fall inside one, run one at a time through this chain. */
  private lock: Promise<unknown> = Promise.resolve()
  private readonly application: EventApplication
  private readonly training: BackgroundTraining
  private readonly customModels: CustomModelCrediting
  private readonly onOutage: (error: unknown, retryInMs: number) => void
  private readonly onQuarantine: (event: QuarantinedEvent) => void
  private readonly projections: readonly Projection[]
  private readonly names: PersonNamesSync | undefined

  constructor(private readonly options: ProjectorOptions) {
    this.name = options.name ?? 'facts'
    this.metrics = options.metrics ?? new ProjectorMetrics()
    this.onOutage = options.onOutage ?? ((error, retryInMs) => console.error(outageLine(error, retryInMs)))
    this.onQuarantine = options.onQuarantine ?? ((event) => console.error(quarantineLine(event)))
    const stages = readModelStages(
      options.clickhouse,
      () => this.creditModels(),
      options.persons ? attributeOpener(options.persons) : undefined,
      options.reportingCurrency,
    )
    const currency = options.reportingCurrency ? { reportingCurrency: options.reportingCurrency } : {}
    this.names = options.persons ? new PersonNamesSync(options.clickhouse, options.persons) : undefined
    this.projections = stages.flat()
    this.application = new EventApplication({
      store: options.store,
      clickhouse: options.clickhouse,
      name: this.name,
      stages,
      // The projector's own checkpoint (what the answer cache and the status read) and each projection's, together.
      checkpoints: [this.name, ...this.projections.map((projection) => projectionCheckpoint(this.name, projection))],
      onQuarantine: this.onQuarantine,
      onOutage: this.onOutage,
      metrics: this.metrics,
      ...(options.beforeCheckpoint ? { beforeCheckpoint: options.beforeCheckpoint } : {}),
    })
    const eventsApplied = () => this.application.checkpoint.eventsProcessed
    const rowVersion = () => rowVersionOf(this.application.checkpoint)
    this.training = new BackgroundTraining({
      clickhouse: options.clickhouse,
      ...currency,
      eventsApplied,
      rowVersion,
      exclusive: (work) => this.exclusive(work),
      growth: options.retrainGrowth ?? 0.1,
      minIntervalMs: options.retrainIntervalMs ?? 600_000,
      ...(options.onTraining ? { onProgress: options.onTraining } : {}),
      onError: options.onTrainingError ?? ((error) => console.error('training markov and shapley failed:', describeFailure(error))),
    })
    this.customModels = new CustomModelCrediting({
      clickhouse: options.clickhouse,
      ...currency,
      rowVersion,
      exclusive: (work) => this.exclusive(work),
      ...(options.onCustomCrediting ? { onProgress: options.onCustomCrediting } : {}),
      onError: (error) => console.error('crediting a saved custom model failed:', describeFailure(error)),
    })
  }

  async start(): Promise<void> {
    const { store, clickhouse } = this.options
    const { name, projections, onQuarantine, onOutage, metrics } = this
    await this.names?.restart()
    await catchUpProjections({ store, clickhouse, name, projections, batchSize: this.batchSize, onQuarantine, onOutage, metrics })
    this.application.resumeAt(await readCheckpoint(clickhouse, this.name))
    const rowVersion = rowVersionOf(this.application.checkpoint)
    await ensureCreditsBuilt(clickhouse, rowVersion, this.options.onCreditRebuild, this.options.reportingCurrency)
    await this.training.resume()
    await this.customModels.resume()
    await resumUnfinishedDays(clickhouse, rowVersion, this.creditModels().map(({ key }) => key))
    this.following = this.follow()
    this.retryTimer = setInterval(() => this.pollRetries(), this.options.retryPollMs ?? 2_000)
    this.retryTimer.unref()
    this.training.trainIfDue()
    this.customModels.creditIfDue()
  }

  /**
   * Trains markov and shapley on all of history as it is now (after the training under way, if any), and resolves
   * once queries read that training: undefined if the projector stopped first.
   */
  train(): Promise<Training | undefined> {
    return this.training.trainNow()
  }

  /** Resolves once every deal is credited under every custom model saved so far that the projector keeps credits for. */
  creditCustomModels(): Promise<void> {
    return this.customModels.creditNow()
  }

  /** Applies again, now, the quarantined events someone asked to retry. Returns how many were applied. */
  retryRequested(): Promise<number> {
    if (this.stopped) return Promise.resolve(0)
    // Queued behind a long batch or training, it may run after stop: then there is nothing to do.
    return this.exclusive(async () => (this.stopped ? 0 : this.application.retryRequested())).catch((error: unknown) => {
      if (!(error instanceof ProjectorStopping)) console.error('retrying quarantined events failed:', describeFailure(error))
      return 0
    })
  }

  /** The poll for retries: one at a time, so that polls do not pile up behind a long batch or training. */
  private pollRetries(): void {
    if (this.retryPolling) return
    this.retryPolling = true
    void this.retryRequested().finally(() => (this.retryPolling = false))
  }

  /**
   * Resolves when the projector has stopped. No event and no outage ends it before that; only the beforeCheckpoint test
   * seam does, and then it rejects with what the seam threw.
   */
  get done(): Promise<void> {
    return this.following ?? Promise.resolve()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.retryTimer)
    this.application.stop()
    await Promise.all([this.training.stop(), this.customModels.stop()])
    await this.subscription?.stop()
    await this.following
  }

  status(): Promise<ProjectionStatus> {
    return projectionStatus(this.options.store, this.options.clickhouse, this.name)
  }

  /**
   * Follows the log from the checkpoint. A subscription ends on its own only when reading the log failed (the event
   * store went away): then it waits and follows again from wherever the checkpoint got to.
   */
  private async follow(): Promise<void> {
    for (let waitMs = 500; !this.stopped; waitMs = Math.min(waitMs * 2, 30_000)) {
      this.subscription = this.options.store.subscribe(this.application.checkpoint.position, (batch) => this.apply(batch), {
        batchSize: this.batchSize,
        idleMs: this.options.idleMs ?? 100,
      })
      try {
        await this.subscription.done
      } catch (error) {
        if (this.application.halted !== undefined) throw this.application.halted
        if (this.stopped || error instanceof ProjectorStopping) return
        this.onOutage(error, waitMs)
        await new Promise((resolve) => setTimeout(resolve, waitMs))
      }
    }
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    if (batch.length === 0) return
    await this.names?.catchUp()
    await this.exclusive(() => this.application.applyBatch(batch))
    this.options.onProgress?.(this.application.checkpoint)
    // A full batch means more of the log is waiting: a training now would be outdated at once, and its reads and
    // rewrites of every deal would slow the catch-up it is part of. It waits for the projector to reach the head.
    if (batch.length < this.batchSize) this.training.trainIfDue()
    if (batch.some(({ event }) => event.type === 'attribution_model.saved')) this.customModels.creditIfDue()
  }

  /** Every model a batch credits: the rule-based ones, the trained ones and the saved custom ones. */
  private creditModels(): CreditModel[] {
    return [...this.training.creditModels(), ...this.customModels.creditModels()]
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 25_000
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work)
    this.lock = run.catch(() => undefined)
    return run
  }
}

const quarantineLine = (event: QuarantinedEvent): string =>
  `projector: quarantined ${event.eventType} ${event.eventId} at ${formatPosition(event.position)}: ${event.error} ` +
  '(listed at GET /v1/quarantine; retry after a fix with POST /v1/quarantine/retry)'

const outageLine = (error: unknown, retryInMs: number): string =>
  `projector: the stores do not answer (${describeFailure(error)}); trying again in ${retryInMs} ms`

/** A projection's progress as stored next to its data, so any process (the API, a health check) can read it. */
export async function projectionStatus(store: EventStore, clickhouse: ClickHouse, name = 'facts'): Promise<ProjectionStatus> {
  const [checkpoint, quarantine] = await Promise.all([readCheckpoint(clickhouse, name), countQuarantined(clickhouse, name)])
  const lag = await store.countAfter(checkpoint.position)
  return { name, position: checkpoint.position, eventsProcessed: checkpoint.eventsProcessed, lag, ...quarantine }
}
