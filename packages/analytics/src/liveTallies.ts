import { creditDeal, type AttributionModel, type AttributionOptions } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'
import { loadDealJourneys } from './journeys.ts'
import { emptyTallies, tallyOf, type Tallies } from './tallies.ts'
import type { TimeWindow } from './window.ts'

/** Credits computed now from the facts: any lookback, any half-life, at the price of reading every journey. */
export async function liveTallies(
  clickhouse: ClickHouse,
  model: AttributionModel,
  window: TimeWindow,
  options: AttributionOptions,
): Promise<Tallies> {
  const tallies = emptyTallies()
  for (const journey of await loadDealJourneys(clickhouse, { window }, options.lookbackDays)) {
    const amounts = { pipelineCents: journey.amountCents, revenueCents: journey.wonAmountCents }
    const credits = creditDeal(model, journey.deal, journey.touches, amounts, options)
    const { createdInWindow: created, wonInWindow: won } = journey
    tallies.dealsCreated += created ? 1 : 0
    tallies.dealsWon += won ? 1 : 0
    if (credits.length === 0) {
      tallies.unattributed.pipelineCents += created ? journey.amountCents : 0
      tallies.unattributed.dealsCreated += created ? 1 : 0
      tallies.unattributed.revenueCents += won ? journey.wonAmountCents : 0
      tallies.unattributed.dealsWon += won ? 1 : 0
    }
    for (const credit of credits) {
      const tally = tallyOf(tallies, credit.campaignId, credit.channel)
      if (created) {
        tally.pipelineCents += credit.pipelineCents
        tally.createdParts += credit.shareParts
      }
      if (won) {
        tally.revenueCents += credit.revenueCents
        tally.wonParts += credit.shareParts
      }
    }
  }
  return tallies
}
