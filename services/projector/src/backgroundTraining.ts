import type { ClickHouse } from '@attribution/clickhouse'
import {
  loadTrainedSpecs,
  loadTrainings,
  ruleCreditModels,
  trainedCreditModels,
  type CreditModel,
  type Training,
} from '@attribution/read-model'
import { retireTraining, trainingDue, trainModels, type TrainingProgress } from './trainModels.ts'

export interface BackgroundTrainingOptions {
  clickhouse: ClickHouse
  /** The currency amounts are converted to (docs/currencies.md); USD when absent. */
  reportingCurrency?: string
  /** Events the projector has applied now. */
  eventsApplied: () => number
  /** The version of the rows the projector's last batch wrote (trainModels). */
  rowVersion: () => number
  /** The projector's lock: what runs through it never falls inside a batch. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>
  /** Trains again once history has grown by this fraction since the last training (0.1: 10 % more events). */
  growth: number
  /**
   * And no sooner than this after the last training began: while history grows fast (an import), 10 % more comes every
   * few seconds, and each training reads and credits all of it again.
   */
  minIntervalMs: number
  onProgress?: (progress: TrainingProgress) => void
  onError: (error: unknown) => void
}

/**
 * The projector's trainings of markov and shapley: which trained models its batches credit, and when to train again.
 * At most one training runs at a time, beside the batches (trainModels says how they share the deals).
 */
export class BackgroundTraining {
  /** The ready training's models, and those of the training being credited. */
  private trained: readonly CreditModel[] = []
  private crediting: readonly CreditModel[] = []
  private lastTraining: Training | undefined
  /** The id of the last training begun, finished or not: a failed one waits for as much growth as a finished one. */
  private lastAttempt: number | undefined
  private running: Promise<Training | undefined> | undefined
  private lastStartedAt = Number.NEGATIVE_INFINITY
  private stopping = false

  constructor(private readonly options: BackgroundTrainingOptions) {}

  /** Every model a batch credits: the rule-based ones and the trained ones. */
  creditModels(): CreditModel[] {
    return [...ruleCreditModels, ...this.trained, ...this.crediting]
  }

  /**
   * Picks up the newest ready training, and clears away every other: trainings a stopped projector left unfinished,
   * and one replaced just before a stop retired it.
   */
  async resume(): Promise<void> {
    const { clickhouse } = this.options
    const trainings = await loadTrainings(clickhouse)
    const ready = trainings.filter(({ state }) => state === 'ready').at(-1)
    for (const training of trainings) if (training !== ready) await retireTraining(clickhouse, training)
    if (!ready) return
    this.trained = trainedCreditModels(ready.training, await loadTrainedSpecs(clickhouse, ready.training))
    this.lastTraining = ready
    this.lastAttempt = ready.training
  }

  /** Starts a training in the background if history has grown enough and none is running. */
  trainIfDue(): void {
    if (this.running || this.stopping) return
    if (performance.now() - this.lastStartedAt < this.options.minIntervalMs) return
    if (!trainingDue(this.lastAttempt, this.options.eventsApplied(), this.options.growth)) return
    this.start().catch(this.options.onError)
  }

  /** Trains on history as it is now (after the training under way, if any); undefined if stopped first. */
  async trainNow(): Promise<Training | undefined> {
    await this.running?.catch(() => undefined)
    if (this.lastTraining?.training === this.options.eventsApplied()) return this.lastTraining
    return this.start()
  }

  /** Abandons the training under way between two of its steps, and waits for it. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.running?.catch(() => undefined)
  }

  private start(): Promise<Training | undefined> {
    const { clickhouse, eventsApplied, rowVersion, exclusive, onProgress } = this.options
    this.lastAttempt = eventsApplied()
    this.lastStartedAt = performance.now()
    const run = trainModels({
      clickhouse,
      ...(this.options.reportingCurrency ? { reportingCurrency: this.options.reportingCurrency } : {}),
      eventsApplied,
      rowVersion,
      exclusive,
      creditAlso: (models) => (this.crediting = models),
      replaceTrained: (models) => {
        this.trained = models
        this.crediting = []
      },
      ...(this.lastTraining ? { previous: this.lastTraining } : {}),
      ...(onProgress ? { onProgress } : {}),
      stopped: () => this.stopping,
    })
      .then((training) => {
        if (training) this.lastTraining = training
        return training
      })
      .finally(() => {
        // A training that failed or stopped is no longer credited; the next start clears what it wrote.
        this.crediting = []
        this.running = undefined
      })
    this.running = run
    return run
  }
}
