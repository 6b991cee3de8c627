import type { AttributionModel, AttributionOptions } from './attributionModel.ts'
import { allocateCents } from './allocateCents.ts'
import type { DealTimes, JourneyTouch } from './journey.ts'
import { weigh, type WeightedTouch } from './weigh.ts'

/**
 * A deal's share is kept as integer parts of this scale, allocated like cents, so fractional deal counts add up
 * exactly (every attributed deal is worth SHARE_SCALE parts) however and wherever they are summed.
 */
export const SHARE_SCALE = 1_000_000_000

/** One touch's part of one deal under one model, as pipeline (current amount) and as revenue (won amount). */
export interface DealCredit {
  touchId: string
  campaignId: string
  channel: string
  shareParts: number
  pipelineCents: number
  revenueCents: number
}

/**
 * Credits both of a deal's amounts to its journey under `model`; each column sums exactly to its total. Empty when no
 * touch falls in the window: the deal is unattributed.
 */
export function creditDeal(
  model: AttributionModel,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  amounts: { pipelineCents: number; revenueCents: number },
  options: AttributionOptions,
): DealCredit[] {
  return creditWeighted(weigh(model, deal, touches, options), amounts)
}

/** Credits both amounts to touches already weighed by any model (`weighBySpec`); empty when none was. */
export function creditWeighted(
  weighted: readonly WeightedTouch[],
  amounts: { pipelineCents: number; revenueCents: number },
): DealCredit[] {
  if (weighted.length === 0) return []
  const weights = weighted.map(({ weight }) => weight)
  const parts = allocateCents(SHARE_SCALE, weights)
  const pipeline = allocateCents(amounts.pipelineCents, weights)
  const revenue = allocateCents(amounts.revenueCents, weights)
  return weighted.map(({ touch }, index) => ({
    touchId: touch.touchId,
    campaignId: touch.campaignId,
    channel: touch.channel,
    shareParts: parts[index] ?? 0,
    pipelineCents: pipeline[index] ?? 0,
    revenueCents: revenue[index] ?? 0,
  }))
}
