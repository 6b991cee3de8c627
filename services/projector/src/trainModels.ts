import type { ClickHouse } from '@attribution/clickhouse'
import {
  deleteTrained,
  forgetTraining,
  historyPaths,
  journeysIn,
  saveTrainedSpecs,
  saveTraining,
  trainedCreditModels,
  trainSpecs,
  trainedPathSettings,
  type CreditModel,
  type Training,
} from '@attribution/read-model'
import { rebuildCredits } from './rebuildCredits.ts'

export interface TrainingProgress {
  /** Reading every deal's path, then crediting every deal under what was learnt. */
  phase: 'paths' | 'credits'
  dealsDone: number
  dealsTotal: number
}

export interface TrainingOptions {
  clickhouse: ClickHouse
  /** The currency amounts are converted to (docs/currencies.md); USD when absent. */
  reportingCurrency?: string
  /** Events the projector has applied now: the training's id. */
  eventsApplied: () => number
  /** The version of the rows the projector's last batch wrote: what the credits of a step carry, so later batches win. */
  rowVersion: () => number
  /** Runs work with no projector batch half applied: the projector's lock. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>
  /** Makes the projector credit these models in every batch from now on (called under `exclusive`). */
  creditAlso: (models: readonly CreditModel[]) => void
  /** Makes these the trained models the projector credits, dropping the previous training's (under `exclusive`). */
  replaceTrained: (models: readonly CreditModel[]) => void
  /** The ready training this one replaces. */
  previous?: Training
  dealsPerStep?: number
  onProgress?: (progress: TrainingProgress) => void
  /** Checked between steps: a stopping projector abandons the training, and its next start clears it away. */
  stopped?: () => boolean
}

/**
 * Trains markov and shapley, at both levels, on every journey so far (contacts' journeys, default lookback), then
 * credits every deal under them, while the projector goes on applying batches:
 *
 * 1. `training`: reads each deal's path and the non-converting ones, and trains.
 * 2. `crediting`: from here every batch also credits the new models; meanwhile every deal is credited, step by step
 *    (rebuildCredits explains why both may write the same deal).
 * 3. `ready`: the days are summed between two batches and queries switch to this training; the previous one is
 *    retired and its credits deleted.
 *
 * Returns the ready training, or undefined when stopped on the way.
 */
export async function trainModels(options: TrainingOptions): Promise<Training | undefined> {
  const { clickhouse, exclusive, stopped = () => false } = options
  const training = options.eventsApplied()
  // A training abandoned at this very count (the projector stopped or crashed, and has applied nothing since) left
  // its id behind: this one replaces it.
  await forgetTraining(clickhouse, training)
  await saveTraining(clickhouse, { training, state: 'training', journeys: 0, conversions: 0 })
  const paths = await historyPaths(clickhouse, trainedPathSettings, {
    ...(options.dealsPerStep ? { dealsPerStep: options.dealsPerStep } : {}),
    onProgress: (dealsDone, dealsTotal) => options.onProgress?.({ phase: 'paths', dealsDone, dealsTotal }),
    stopped,
  })
  if (stopped()) return undefined
  const specs = trainSpecs(paths)
  // Every journey has a path at both levels, so either level counts them.
  const trained: Training = { training, state: 'crediting', ...journeysIn(paths.channel) }
  const models = trainedCreditModels(training, specs)
  await saveTrainedSpecs(clickhouse, training, specs)
  await exclusive(async () => {
    await saveTraining(clickhouse, trained)
    options.creditAlso(models)
  })

  const credited = await rebuildCredits({
    clickhouse,
    ...(options.reportingCurrency ? { reportingCurrency: options.reportingCurrency } : {}),
    eventsProcessed: options.rowVersion,
    models,
    runSums: (sums) =>
      exclusive(async () => {
        await sums()
        await saveTraining(clickhouse, { ...trained, state: 'ready' })
        options.replaceTrained(models)
      }),
    stopped,
    ...(options.dealsPerStep ? { dealsPerStep: options.dealsPerStep } : {}),
    onProgress: ({ dealsDone, dealsTotal }) => options.onProgress?.({ phase: 'credits', dealsDone, dealsTotal }),
  })
  if (credited.dealsDone < credited.dealsTotal) return undefined
  if (options.previous) await retireTraining(clickhouse, options.previous)
  return { ...trained, state: 'ready' }
}

/**
 * Deletes a training's credits and what it learnt, and marks it retired: one replaced, or abandoned by a projector
 * that stopped.
 */
export async function retireTraining(clickhouse: ClickHouse, training: Training): Promise<void> {
  await deleteTrained(clickhouse, training.training)
  await saveTraining(clickhouse, { ...training, state: 'retired' })
}

/** Whether history has grown enough since the last training to train again: by `growth` of it (0.1 is 10 %). */
export function trainingDue(lastTraining: number | undefined, eventsApplied: number, growth: number): boolean {
  if (eventsApplied === 0) return false
  if (lastTraining === undefined) return true
  return eventsApplied - lastTraining >= Math.max(1, growth * lastTraining)
}
