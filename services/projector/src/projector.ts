import {
  loadTrainedSpecs,
  loadTrainings,
  readCheckpoint,
  refreshDealCredits,
  refreshLeadLifecycles,
  resumUnfinishedDays,
  rowsOfBatch,
  ruleCreditModels,
  trainedCreditModels,
  writeCheckpoint,
  writeRows,
  type Checkpoint,
  type ClickHouse,
  type CreditModel,
  type Training,
} from '@attribution/analytics'
import type { EventStore, StoredEvent, Subscription } from '@attribution/event-store'
import { ensureCreditsBuilt, type RebuildProgress } from './rebuildCredits.ts'
import { retireTraining, trainingDue, trainModels, type TrainingProgress } from './trainModels.ts'

export interface ProjectorOptions {
  store: EventStore
  clickhouse: ClickHouse
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
   * since their last training (default 0.1: every 10 % more events).
   */
  retrainGrowth?: number
  /** Reports a training's progress; its failure goes to onTrainingError (console.error when absent). */
  onTraining?: (progress: TrainingProgress) => void
  onTrainingError?: (error: unknown) => void
  /** Test seam: runs after a batch's rows are written and before its checkpoint is, where a crash hurts most. */
  beforeCheckpoint?: (batch: readonly StoredEvent[]) => Promise<void> | void
}

export interface ProjectionStatus {
  name: string
  position: Checkpoint['position']
  eventsProcessed: number
  /** Events in the store the projection has not applied yet. */
  lag: number
}

/**
 * Keeps ClickHouse in step with the event log: catch-up subscription from the stored checkpoint; per batch, the pure
 * mapping of events to fact rows (one insert per table), the credits of the deals the batch affects under every model
 * it keeps, the lifecycles of the persons it affects under every active or replayed lead definition, then the
 * checkpoint. Restarting anywhere is safe because the rows of a re-applied batch replace themselves.
 *
 * Beside the batches, it trains markov and shapley on all of history whenever that has grown enough (trainModels).
 */
export class Projector {
  readonly name: string
  private checkpoint: Checkpoint = { position: null, eventsProcessed: 0 }
  private subscription: Subscription | undefined
  /** Batches, and the steps of a training that must not fall inside one, run one at a time through this chain. */
  private lock: Promise<unknown> = Promise.resolve()
  /** The ready training's models, and those of the training being credited. */
  private trained: readonly CreditModel[] = []
  private crediting: readonly CreditModel[] = []
  private lastTraining: Training | undefined
  /** The id of the last training begun, finished or not: a failed one waits for as much growth as a finished one. */
  private lastAttempt: number | undefined
  private training: Promise<Training | undefined> | undefined
  private stopping = false

  constructor(private readonly options: ProjectorOptions) {
    this.name = options.name ?? 'facts'
  }

  async start(): Promise<void> {
    const { store, clickhouse } = this.options
    this.checkpoint = await readCheckpoint(clickhouse, this.name)
    await ensureCreditsBuilt(clickhouse, this.checkpoint.eventsProcessed, this.options.onCreditRebuild)
    await this.resumeTrainings()
    await resumUnfinishedDays(clickhouse, this.checkpoint.eventsProcessed, this.creditModels().map(({ key }) => key))
    this.subscription = store.subscribe(this.checkpoint.position, (batch) => this.apply(batch), {
      batchSize: this.options.batchSize ?? 25_000,
      idleMs: this.options.idleMs ?? 100,
    })
    this.trainIfDue()
  }

  /**
   * Trains markov and shapley on all of history as it is now (after the training under way, if any), and resolves
   * once queries read that training: undefined if the projector stopped first.
   */
  async train(): Promise<Training | undefined> {
    await this.training?.catch(() => undefined)
    if (this.lastTraining?.training === this.checkpoint.eventsProcessed) return this.lastTraining
    return this.startTraining()
  }

  /** Resolves when the subscription ends: after stop(), or with the error that stopped it. */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve()
  }

  async stop(): Promise<void> {
    this.stopping = true
    await this.subscription?.stop()
    await this.training?.catch(() => undefined)
  }

  status(): Promise<ProjectionStatus> {
    return projectionStatus(this.options.store, this.options.clickhouse, this.name)
  }

  private async apply(batch: StoredEvent[]): Promise<void> {
    const last = batch.at(-1)
    if (!last) return
    const { clickhouse } = this.options
    const next = { position: last.position, eventsProcessed: this.checkpoint.eventsProcessed + batch.length }
    await this.exclusive(async () => {
      await writeRows(clickhouse, rowsOfBatch(batch))
      await refreshDealCredits(clickhouse, batch, next.eventsProcessed, this.creditModels())
      await refreshLeadLifecycles(clickhouse, batch, next.eventsProcessed)
      await this.options.beforeCheckpoint?.(batch)
      await writeCheckpoint(clickhouse, this.name, next)
      this.checkpoint = next
    })
    this.options.onProgress?.(next)
    this.trainIfDue()
  }

  private creditModels(): CreditModel[] {
    return [...ruleCreditModels, ...this.trained, ...this.crediting]
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work)
    this.lock = run.catch(() => undefined)
    return run
  }

  /**
   * Picks up the newest ready training, and clears away every other: trainings a stopped projector left unfinished,
   * and one replaced just before a stop retired it.
   */
  private async resumeTrainings(): Promise<void> {
    const { clickhouse } = this.options
    const trainings = await loadTrainings(clickhouse)
    const ready = trainings.filter(({ state }) => state === 'ready').at(-1)
    for (const training of trainings) if (training !== ready) await retireTraining(clickhouse, training)
    if (!ready) return
    this.trained = trainedCreditModels(ready.training, await loadTrainedSpecs(clickhouse, ready.training))
    this.lastTraining = ready
    this.lastAttempt = ready.training
  }

  private trainIfDue(): void {
    if (this.training || this.stopping) return
    if (!trainingDue(this.lastAttempt, this.checkpoint.eventsProcessed, this.options.retrainGrowth ?? 0.1)) return
    this.startTraining().catch((error: unknown) => (this.options.onTrainingError ?? console.error)(error))
  }

  private startTraining(): Promise<Training | undefined> {
    const { clickhouse } = this.options
    this.lastAttempt = this.checkpoint.eventsProcessed
    const run = trainModels({
      clickhouse,
      eventsApplied: () => this.checkpoint.eventsProcessed,
      exclusive: (work) => this.exclusive(work),
      creditAlso: (models) => (this.crediting = models),
      replaceTrained: (models) => {
        this.trained = models
        this.crediting = []
      },
      ...(this.lastTraining ? { previous: this.lastTraining } : {}),
      ...(this.options.onTraining ? { onProgress: this.options.onTraining } : {}),
      stopped: () => this.stopping,
    })
      .then((training) => {
        if (training) this.lastTraining = training
        return training
      })
      .finally(() => {
        // A training that failed or stopped is no longer credited; the next start clears what it wrote.
        this.crediting = []
        this.training = undefined
      })
    this.training = run
    return run
  }
}

/** A projection's progress as stored next to its data, so any process (the API, a health check) can read it. */
export async function projectionStatus(store: EventStore, clickhouse: ClickHouse, name = 'facts'): Promise<ProjectionStatus> {
  const checkpoint = await readCheckpoint(clickhouse, name)
  const lag = await store.countAfter(checkpoint.position)
  return { name, position: checkpoint.position, eventsProcessed: checkpoint.eventsProcessed, lag }
}
