/**
 * Weights are resolved to this many parts of their sum. Coarse enough that float noise in weights meant to be equal
 * (0.3 computed two ways) vanishes and they tie, fine enough that the split is off by less than half a cent per
 * touch for any amount under ten million in the major unit.
 */
const partsPerWhole = 1e9

/**
 * Splits `amountCents` in proportion to `weights` so the parts sum to the amount exactly (largest-remainder method):
 * every index gets the floor of its exact share, and the cents left over go one each to the largest fractional
 * parts, ties to the earlier index. The arithmetic after scaling (weightParts) is integer (BigInt), so nothing drifts.
 */
export function allocateCents(amountCents: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    throw new RangeError(`amountCents must be a non-negative safe integer, got ${amountCents}`)
  }
  if (weights.some((weight) => !(Number.isFinite(weight) && weight >= 0))) {
    throw new RangeError(`weights must be finite and non-negative: ${weights.join(', ')}`)
  }
  if (amountCents === 0) return weights.map(() => 0)
  return allocateByParts(amountCents, weightParts(weights))
}

/**
 * The weights resolved to integer parts of their sum, as allocateCents splits by them: each weight's fraction of the
 * sum times partsPerWhole, rounded half up (Math.round). Whatever splits an amount by these parts the way
 * allocateCents does, in SQL say, splits it to the very same cents.
 */
export function weightParts(weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0)
  return weights.map((weight) => Math.round((weight / weightSum) * partsPerWhole))
}

function allocateByParts(amountCents: number, weightParts: readonly number[]): number[] {
  const parts = weightParts.map(BigInt)
  const totalParts = parts.reduce((sum, part) => sum + part, 0n)
  if (totalParts === 0n) throw new RangeError(`cannot split ${amountCents} cents over no weight`)

  const amount = BigInt(amountCents)
  const shares = parts.map((part, index) => ({
    index,
    cents: (amount * part) / totalParts,
    remainder: (amount * part) % totalParts,
  }))
  const leftover = shares.reduce((rest, share) => rest - share.cents, amount)
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  )
  for (const share of byRemainder.slice(0, Number(leftover))) share.cents += 1n
  return shares.map((share) => Number(share.cents))
}
