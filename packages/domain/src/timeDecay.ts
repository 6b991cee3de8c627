import { msPerDay, type JourneyTouch } from './journey.ts'

/**
 * Time-decay weights (summing to 1): a touch's weight halves for every `halfLifeDays` it lies before the deal's
 * creation, i.e. weight ∝ 2^(−days before creation / halfLifeDays).
 *
 * The exponent is measured from the newest touch instead of from the creation. After normalising that is the same
 * weight (both differ by one constant factor), but it keeps the largest term at 1, so a short half-life over a long
 * lookback cannot underflow every term to 0.
 */
export function timeDecayWeights(journey: readonly JourneyTouch[], halfLifeDays: number): number[] {
  if (!(halfLifeDays > 0 && Number.isFinite(halfLifeDays))) {
    throw new RangeError(`halfLifeDays must be a positive number, got ${halfLifeDays}`)
  }
  const newest = journey.reduce((latest, touch) => Math.max(latest, touch.occurredAt), -Infinity)
  const decayed = journey.map((touch) => 2 ** (-(newest - touch.occurredAt) / msPerDay / halfLifeDays))
  const total = decayed.reduce((sum, weight) => sum + weight, 0)
  return decayed.map((weight) => weight / total)
}
