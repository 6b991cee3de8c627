import { creditWeighted, labelOf, weighBySpec, type ModelSpec } from '@attribution/domain'
import type { AttributionQuery } from './attributionQuery.ts'
import type { ClickHouse } from '@attribution/clickhouse'
import { conversionPaths, journeysIn, trainOn } from '../credits/conversionPaths.ts'
import { historyTrained } from '../credits/trainedModels.ts'
import { loadDealJourneys, type DealJourney } from '../journeys/journeys.ts'
import { emptyTallies, tallyOf, type Tallies } from './tallies.ts'
import type { TrainingInfo } from '../credits/trainingInfo.ts'

/**
 * Credits computed now from the facts: any model, lookback and half-life, at the price of reading every journey.
 * markov and shapley use what they learnt from history (historyTrained) or are trained on the window now.
 */
export async function liveTallies(clickhouse: ClickHouse, query: AttributionQuery, reportingCurrency: string): Promise<Tallies> {
  // Only a custom model weighing the MQL needs to know where each deal's lead qualified.
  const mqlWeighed = query.model === 'custom' && (query.weights?.MQL ?? 0) > 0
  const definition = mqlWeighed ? query.definition : undefined
  const journeys = await loadDealJourneys(clickhouse, { window: query }, query.lookbackDays, { mapping: query.mapping, definition, roles: query.roles, reportingCurrency })
  const { spec, training } = await specOf(clickhouse, query, journeys)
  const tallies: Tallies = {
    ...emptyTallies(),
    ...(training ? { training } : {}),
    ...(query.mapping === 'primary_contact' ? { dealsWithoutPrimaryContact: journeys.filter((journey) => journey.withoutPrimaryContact).length } : {}),
  }
  for (const journey of journeys) {
    const amounts = { pipelineCents: journey.amountCents, revenueCents: journey.wonAmountCents }
    const weighted = weighBySpec(spec, journey.deal, journey.touches, query)
    const credits = creditWeighted(weighted, amounts)
    // An amount no rate converts yet counts nowhere here: the answer lists it as unconverted (docs/currencies.md).
    const created = journey.createdInWindow && journey.pipeline.cents !== undefined
    const won = journey.wonInWindow && journey.revenue.cents !== undefined
    tallies.dealsCreated += created ? 1 : 0
    tallies.dealsWon += won ? 1 : 0
    if (credits.length === 0) {
      tallies.unattributed.pipelineCents += created ? journey.amountCents : 0
      tallies.unattributed.dealsCreated += created ? 1 : 0
      tallies.unattributed.revenueCents += won ? journey.wonAmountCents : 0
      tallies.unattributed.dealsWon += won ? 1 : 0
    }
    credits.forEach((credit, index) => {
      const touch = weighted[index]?.touch
      if (!touch) return
      const tally = tallyOf(tallies, labelOf(touch, query.level), credit.channel)
      if (created) {
        tally.pipelineCents += credit.pipelineCents
        tally.createdParts += credit.shareParts
      }
      if (won) {
        tally.revenueCents += credit.revenueCents
        tally.wonParts += credit.shareParts
      }
    })
  }
  return tallies
}

async function specOf(
  clickhouse: ClickHouse,
  query: AttributionQuery,
  journeys: readonly DealJourney[],
): Promise<{ spec: ModelSpec; training?: TrainingInfo }> {
  switch (query.model) {
    case 'custom':
      if (!query.weights) throw new Error('the custom model needs weights')
      return { spec: { kind: 'custom', weights: query.weights } }
    case 'markov':
    case 'shapley': {
      const settings = { mapping: query.mapping ?? 'contacts', lookbackDays: query.lookbackDays }
      if ((query.training ?? 'history') === 'history') return historyTrained(clickhouse, query.model, query.level, settings)
      const paths = await conversionPaths(clickhouse, journeys, query)
      return { spec: trainOn(query.model, query.level, paths), training: { scope: 'window', eventsApplied: null, ...journeysIn(paths) } }
    }
    default:
      return { spec: { kind: 'rule', model: query.model } }
  }
}
