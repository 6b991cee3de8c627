import { attributionLevels, defaultAttributionOptions, type AttributionLevel, type ConversionPath, type ModelSpec } from '@attribution/domain'
import { compactRows, insertCompact, toClickHouseTime, type ClickHouse, type Row } from '@attribution/clickhouse'
import { historyPaths, journeysIn, trainOn, type PathSettings } from './conversionPaths.ts'
import { deleteCredits, type CreditModel } from './creditLines.ts'
import type { TrainingInfo } from './trainingInfo.ts'

/**
 * Data-driven models trained on all of history, whose credits the projector keeps like the rule-based models' (see
 * migration 011 for a training's states). Each training writes its credits under model keys of its own, so queries
 * read one training's credits whole: the previous one until the next is ready.
 */
export const dataDrivenModels = ['markov', 'shapley'] as const
export type DataDrivenModel = (typeof dataDrivenModels)[number]

/** In the order a training goes through them. */
const trainingStates = ['training', 'crediting', 'ready', 'retired'] as const
export type TrainingState = (typeof trainingStates)[number]

export interface Training {
  /** Events the projector had applied when the training began: its id. */
  training: number
  state: TrainingState
  journeys: number
  conversions: number
}

/** The journeys the projector trains on and keeps credits for: contacts' journeys with the default lookback. */
export const trainedPathSettings: PathSettings = { mapping: 'contacts', lookbackDays: defaultAttributionOptions.lookbackDays }

/** Whether the projector's trainings are trained on these journeys. */
export const isTrainedPaths = ({ mapping, lookbackDays }: PathSettings): boolean =>
  mapping === trainedPathSettings.mapping && lookbackDays === trainedPathSettings.lookbackDays

/** What a stored training learnt from, as answers report it. */
export const trainingInfoOf = ({ training, journeys, conversions }: Training): TrainingInfo => ({
  scope: 'history',
  eventsApplied: training,
  journeys,
  conversions,
})

/** What one training learnt, by `${model}:${level}`. */
export type TrainedSpecs = Map<string, ModelSpec>

/** The credit_lines key of a trained model: the model, its level and its training. */
export const trainedKey = (model: DataDrivenModel, level: AttributionLevel, training: number): string => `${model}:${level}@${training}`

/** Every data-driven model at every level, trained on the paths of that level. */
export function trainSpecs(paths: Record<AttributionLevel, readonly ConversionPath[]>): TrainedSpecs {
  const specs: TrainedSpecs = new Map()
  for (const model of dataDrivenModels) {
    for (const level of attributionLevels) specs.set(`${model}:${level}`, trainOn(model, level, paths[level]))
  }
  return specs
}

/** The credit models of a training, keyed by trainedKey. */
export function trainedCreditModels(training: number, specs: TrainedSpecs): CreditModel[] {
  return dataDrivenModels.flatMap((model) =>
    attributionLevels.flatMap((level) => {
      const spec = specs.get(`${model}:${level}`)
      return spec ? [{ key: trainedKey(model, level, training), spec }] : []
    }),
  )
}

/** Every credit_lines key a training writes. */
export function trainingKeys(training: number): string[] {
  return dataDrivenModels.flatMap((model) => attributionLevels.map((level) => trainedKey(model, level, training)))
}

/** Every training not retired, oldest first. */
export async function loadTrainings(clickhouse: ClickHouse): Promise<Training[]> {
  const result = await clickhouse.client.query({
    query: `
      SELECT training, toString(state) AS state, journeys, conversions
      FROM ${clickhouse.table('model_trainings')} FINAL
      WHERE state != 'retired'
      ORDER BY training`,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    format: 'JSONEachRow',
  })
  return result.json<Training>()
}

/** The newest training whose credits are complete, which queries read; undefined before the first is. */
export async function readyTraining(clickhouse: ClickHouse): Promise<Training | undefined> {
  return (await loadTrainings(clickhouse)).filter((training) => training.state === 'ready').at(-1)
}

/** What a training learnt, for every model and level or only those named (`markov:channel`, ...). */
export async function loadTrainedSpecs(clickhouse: ClickHouse, training: number, only?: readonly string[]): Promise<TrainedSpecs> {
  const result = await clickhouse.client.query({
    query: `
      SELECT model, label, value FROM ${clickhouse.table('model_training_specs')}
      WHERE training = {training:UInt64} ${only ? 'AND model IN {only:Array(String)}' : ''}`,
    query_params: { training, only: only ?? [] },
    format: 'JSONCompactEachRow',
  })
  const values = new Map<string, Map<string, number>>()
  for (const [model, label, value] of await result.json<[string, string, number]>()) {
    let ofModel = values.get(model)
    if (!ofModel) values.set(model, (ofModel = new Map()))
    ofModel.set(label, value)
  }
  const specs: TrainedSpecs = new Map()
  for (const model of dataDrivenModels) {
    for (const level of attributionLevels) {
      const key = `${model}:${level}`
      if (only && !only.includes(key)) continue
      const learnt = values.get(key) ?? new Map<string, number>()
      specs.set(key, model === 'markov' ? { kind: 'markov', level, shares: learnt } : { kind: 'shapley', level, rates: learnt })
    }
  }
  return specs
}

/**
 * What markov or shapley learnt from all of history: the projector's ready training for the settings it keeps, else
 * (other settings, or before its first training is ready) a training on history now.
 */
export async function historyTrained(
  clickhouse: ClickHouse,
  model: DataDrivenModel,
  level: AttributionLevel,
  settings: PathSettings,
): Promise<{ spec: ModelSpec; training: TrainingInfo }> {
  const ready = isTrainedPaths(settings) ? await readyTraining(clickhouse) : undefined
  const key = `${model}:${level}`
  const spec = ready && (await loadTrainedSpecs(clickhouse, ready.training, [key])).get(key)
  if (ready && spec) return { spec, training: trainingInfoOf(ready) }
  const paths = (await historyPaths(clickhouse, settings))[level]
  return { spec: trainOn(model, level, paths), training: { scope: 'history', eventsApplied: null, ...journeysIn(paths) } }
}

/** Records a training's new state. */
export async function saveTraining(clickhouse: ClickHouse, training: Training): Promise<void> {
  await clickhouse.client.insert({
    table: clickhouse.table('model_trainings'),
    values: [{ ...training, state_order: trainingStates.indexOf(training.state) + 1, updated_at: toClickHouseTime(new Date().toISOString()) }],
    format: 'JSONEachRow',
  })
}

/** Stores what a training learnt, a row per label's share or coalition's rate. */
export async function saveTrainedSpecs(clickhouse: ClickHouse, training: number, specs: TrainedSpecs): Promise<void> {
  const rows: Row[] = []
  for (const [model, spec] of specs) {
    const learnt = spec.kind === 'markov' ? spec.shares : spec.kind === 'shapley' ? spec.rates : new Map<string, number>()
    for (const [label, value] of learnt) rows.push({ training, model, label, value })
  }
  await insertCompact(clickhouse, 'model_training_specs', compactRows(rows))
}

/** Deletes the credits written under a training's model keys and what it learnt: a retired or abandoned training's. */
export async function deleteTrained(clickhouse: ClickHouse, training: number): Promise<void> {
  await deleteCredits(clickhouse, trainingKeys(training))
  await deleteWhereTraining(clickhouse, 'model_training_specs', training)
}

/**
 * Deletes everything stored under a training id, its states included. The id is the count of events applied when the
 * training began, so a training a stop or a crash abandoned and the first one after the restart can share it; the
 * `retired` the restart recorded for the abandoned one would outrank every state of the new one
 * (ReplacingMergeTree(state_order)), which would never read as ready, so a training starts from nothing.
 */
export async function forgetTraining(clickhouse: ClickHouse, training: number): Promise<void> {
  await deleteTrained(clickhouse, training)
  await deleteWhereTraining(clickhouse, 'model_trainings', training)
}

async function deleteWhereTraining(clickhouse: ClickHouse, table: 'model_trainings' | 'model_training_specs', training: number): Promise<void> {
  await clickhouse.client.command({
    query: `ALTER TABLE ${clickhouse.table(table)} DELETE WHERE training = {training:UInt64}`,
    query_params: { training },
    clickhouse_settings: { mutations_sync: '1' },
  })
}
