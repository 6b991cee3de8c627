import { sameWeights, type CustomWeights } from '@attribution/domain'
import { selectRows, toClickHouseTime, type ClickHouse } from '@attribution/clickhouse'
import { deleteCredits, type CreditModel } from './creditLines.ts'
import { loadCustomModels, storedWeights, type StoredCustomModel } from './customModels.ts'

/**
 * The credits the projector keeps for saved custom models (migration 014 says how a save's credits go through their
 * states): computing a custom answer from every journey takes seconds at a million deals, reading its sums does not.
 */
const creditStates = ['crediting', 'ready', 'retired'] as const
export type CustomCreditState = (typeof creditStates)[number]

export interface CustomCredits {
  name: string
  /** The save credited (StoredCustomModel.position). */
  position: string
  weights: CustomWeights
  state: CustomCreditState
}

/**
 * Whether the projector keeps credits for these weights. The MQL milestone sits where the lead definition asked for
 * puts it, so a model weighing it is weighed per question from the journey milestones, under its definition.
 */
export const creditsKeptFor = (weights: CustomWeights): boolean => weights.MQL === 0

/** The credit_lines key of a save's credits: saving a name again credits under a new key, so the two never mix. */
export const customCreditKey = ({ name, position }: Pick<CustomCredits, 'name' | 'position'>): string => `custom:${name}@${position}`

export const customCreditModel = (credits: CustomCredits): CreditModel => ({
  key: customCreditKey(credits),
  spec: { kind: 'custom', weights: credits.weights },
})

/** Every save's credits not retired, by name and save. */
export async function loadCustomCredits(clickhouse: ClickHouse): Promise<CustomCredits[]> {
  const rows = await selectRows<{ name: string; position: string; weights: Record<string, number>; state: CustomCreditState }>(
    clickhouse,
    `SELECT name, toString(position) AS position, weights, toString(state) AS state
     FROM ${clickhouse.table('custom_model_credits')} FINAL
     WHERE state != 'retired'
     ORDER BY name, position`,
  )
  return rows.map((row) => ({ ...row, weights: storedWeights(row.name, row.weights) }))
}

/** The ready credits whose weights are these: what an answer under them reads, if any. */
export const readyCreditsOf = (credits: readonly CustomCredits[], weights: CustomWeights): CustomCredits | undefined =>
  credits.find((candidate) => candidate.state === 'ready' && sameWeights(candidate.weights, weights))

/** Records a save's credits' new state. */
export async function saveCustomCredits(clickhouse: ClickHouse, credits: CustomCredits): Promise<void> {
  await clickhouse.client.insert({
    table: clickhouse.table('custom_model_credits'),
    values: [{ ...credits, state_order: creditStates.indexOf(credits.state) + 1, updated_at: toClickHouseTime(new Date().toISOString()) }],
    format: 'JSONEachRow',
  })
}

/**
 * Deletes a save's credits and every state recorded for them. A crediting a stop or a crash abandoned is retired at the
 * restart, and the projector then credits the same save again under the same name and position: the `retired` would
 * outrank its `crediting` and `ready` (ReplacingMergeTree(state_order)), so a crediting starts from nothing.
 */
export async function forgetCustomCredits(clickhouse: ClickHouse, credits: Pick<CustomCredits, 'name' | 'position'>): Promise<void> {
  await deleteCredits(clickhouse, [customCreditKey(credits)])
  await clickhouse.client.command({
    query: `ALTER TABLE ${clickhouse.table('custom_model_credits')} DELETE WHERE name = {name:String} AND position = {position:UInt64}`,
    query_params: { name: credits.name, position: credits.position },
    clickhouse_settings: { mutations_sync: '1' },
  })
}

/** Deletes a save's credits and marks them retired: replaced by a newer save's, or left unfinished by a stop. */
export async function retireCustomCredits(clickhouse: ClickHouse, credits: CustomCredits): Promise<void> {
  await deleteCredits(clickhouse, [customCreditKey(credits)])
  await saveCustomCredits(clickhouse, { ...credits, state: 'retired' })
}

/**
 * How answers under a saved model are computed: `precomputed`, from the credits the projector keeps (fastest);
 * `crediting`, from the journey milestones (milestoneTallies) until the projector has credited every deal under its
 * latest weights; `from milestones`, always from them, the MQL placed under each question's lead definition.
 */
export type CustomModelAnswers = 'precomputed' | 'crediting' | 'from milestones'

export interface SavedCustomModel extends StoredCustomModel {
  answers: CustomModelAnswers
}

/** Every saved custom model, with how answers under it are computed. */
export async function savedCustomModels(clickhouse: ClickHouse): Promise<SavedCustomModel[]> {
  const [saved, credits] = await Promise.all([loadCustomModels(clickhouse), loadCustomCredits(clickhouse)])
  return saved.map((model) => ({
    ...model,
    answers: !creditsKeptFor(model.weights)
      ? 'from milestones'
      : credits.some(({ name: credited, position, state }) => credited === model.name && position === model.position && state === 'ready')
        ? 'precomputed'
        : 'crediting',
  }))
}
