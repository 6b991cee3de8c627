import {
  readCheckpoint,
  refreshDealCredits,
  refreshLeadLifecycles,
  resumUnfinishedDays,
  rowsOfBatch,
  writeCheckpoint,
  writeRows,
  type Checkpoint,
  type ClickHouse,
  type CreditModel,
  type Training,
} from '@attribution/analytics'
import type { EventStore, StoredEvent, Subscription } from '@attribution/event-store'
import { BackgroundTraining } from './backgroundTraining.ts'
import { CustomModelCrediting } from './customModelCrediting.ts'
import { ensureCreditsBuilt, type RebuildProgress } from './rebuildCredits.ts'
import type { TrainingProgress } from './trainModels.ts'

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
  /** Reports the crediting of every deal under a saved custom model; its failure goes to console.error. */
  onCustomCrediting?: (model: string, progress: RebuildProgress) => void
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
 * Beside the batches, it trains markov and shapley on all of history whenever that has grown enough (trainModels), and
 * credits every deal under each custom model saved (CustomModelCrediting).
 */
export class Projector {
  readonly name: string
  private checkpoint: Checkpoint = { position: null, eventsProcessed: 0 }
  private subscription: Subscription | undefined
  /** Batches, and the steps of a training that must not fall inside one, run one at a time through this chain. */
  private lock: Promise<unknown> = Promise.resolve()
  private readonly training: BackgroundTraining
  private readonly customModels: CustomModelCrediting

  constructor(private readonly options: ProjectorOptions) {
    this.name = options.name ?? 'facts'
    this.training = new BackgroundTraining({
      clickhouse: options.clickhouse,
      eventsApplied: () => this.checkpoint.eventsProcessed,
      exclusive: (work) => this.exclusive(work),
      growth: options.retrainGrowth ?? 0.1,
      ...(options.onTraining ? { onProgress: options.onTraining } : {}),
      onError: options.onTrainingError ?? ((error) => console.error('training markov and shapley failed:', error)),
    })
    this.customModels = new CustomModelCrediting({
      clickhouse: options.clickhouse,
      eventsApplied: () => this.checkpoint.eventsProcessed,
      exclusive: (work) => this.exclusive(work),
      ...(options.onCustomCrediting ? { onProgress: options.onCustomCrediting } : {}),
      onError: (error) => console.error('crediting a saved custom model failed:', error),
    })
  }

  async start(): Promise<void> {
    const { store, clickhouse } = this.options
    this.checkpoint = await readCheckpoint(clickhouse, this.name)
    await ensureCreditsBuilt(clickhouse, this.checkpoint.eventsProcessed, this.options.onCreditRebuild)
    await this.training.resume()
    await this.customModels.resume()
    await resumUnfinishedDays(clickhouse, this.checkpoint.eventsProcessed, this.creditModels().map(({ key }) => key))
    this.subscription = store.subscribe(this.checkpoint.position, (batch) => this.apply(batch), {
      batchSize: this.options.batchSize ?? 25_000,
      idleMs: this.options.idleMs ?? 100,
    })
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

  /** Resolves when the subscription ends: after stop(), or with the error that stopped it. */
  get done(): Promise<void> {
    return this.subscription?.done ?? Promise.resolve()
  }

  async stop(): Promise<void> {
    await Promise.all([this.training.stop(), this.customModels.stop()])
    await this.subscription?.stop()
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
    this.training.trainIfDue()
    if (batch.some(({ event }) => event.type === 'attribution_model.saved')) this.customModels.creditIfDue()
  }

  /** Every model a batch credits: the rule-based ones, the trained ones and the saved custom ones. */
  private creditModels(): CreditModel[] {
    return [...this.training.creditModels(), ...this.customModels.creditModels()]
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work)
    this.lock = run.catch(() => undefined)
    return run
  }
}

/** A projection's progress as stored next to its data, so any process (the API, a health check) can read it. */
export async function projectionStatus(store: EventStore, clickhouse: ClickHouse, name = 'facts'): Promise<ProjectionStatus> {
  const checkpoint = await readCheckpoint(clickhouse, name)
  const lag = await store.countAfter(checkpoint.position)
  return { name, position: checkpoint.position, eventsProcessed: checkpoint.eventsProcessed, lag }
}
