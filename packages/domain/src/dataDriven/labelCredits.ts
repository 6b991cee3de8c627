/**
 * Turns each label's share of a model (Markov, Shapley) into weights over one deal's touches, index for index with
 * `journeyLabels` (the labels of its journey, in journey order). The weights sum to 1.
 *
 * - Only the labels on this deal's path count: their shares are renormalised to sum to 1 over them.
 * - A label's share is split evenly among the touches carrying it: the model values the label, not each touch, and
 *   three emails are not worth three times one.
 * - A label the model does not know weighs 0.
 * - When every label on the path weighs 0 (the model saw none of them convert), the last touch, the one `last_touch`
 *   credits, gets everything, so the deal is still fully credited.
 */
export function creditsFromLabelShares(
  labelShares: ReadonlyMap<string, number>,
  journeyLabels: readonly string[],
): number[] {
  const touchesOf = new Map<string, number>()
  for (const label of journeyLabels) touchesOf.set(label, (touchesOf.get(label) ?? 0) + 1)
  const shareOf = (label: string) => {
    const share = labelShares.get(label) ?? 0
    if (!(Number.isFinite(share) && share >= 0)) {
      throw new RangeError(`the share of "${label}" must be finite and non-negative, got ${share}`)
    }
    return share
  }
  const total = [...touchesOf.keys()].reduce((sum, label) => sum + shareOf(label), 0)
  if (total === 0) return journeyLabels.map((_, index) => (index === journeyLabels.length - 1 ? 1 : 0))
  return journeyLabels.map((label) => shareOf(label) / total / (touchesOf.get(label) ?? 1))
}
