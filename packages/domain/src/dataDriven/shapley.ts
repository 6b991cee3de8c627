import { checkConversionPaths, distinctLabels, type ConversionPath } from './conversionPath.ts'
import { creditsFromLabelShares } from './labelCredits.ts'

/**
 * The observed conversion rate of every set of labels seen as a path, keyed by `coalitionKey`. A set nobody's path
 * was made of is absent: its value is 0.
 */
export type ConversionRates = ReadonlyMap<string, number>

/** The value of a coalition, given as its labels in code-unit order. */
export type CoalitionValue = (coalition: readonly string[]) => number

/** Up to this many distinct labels on a path, Shapley values are exact (2ⁿ coalitions, 32 768 at 15). */
export const maxExactLabels = 15

/** Beyond `maxExactLabels`, how many permutations the sampled approximation averages. */
export const sampledPermutations = 1000

/** The fixed seed of the sampled permutations, so the same paths always get the same credits. */
const permutationSeed = 0x5eed_cafe

/**
 * The key of a path's coalition: its distinct labels, in code-unit order. Consecutive repeats collapse (email > email
 * > ads is email > ads) and so does order (ads > email is the same coalition): a coalition has no order, and the
 * Shapley value already averages over every order the labels could join in.
 */
export function coalitionKey(labels: readonly string[]): string {
  return JSON.stringify(distinctLabels(labels))
}

/**
 * v(S) for every coalition S seen: the share of journeys (weighted by `count`) that converted among those whose path
 * was made of exactly the labels of S, in any order and with any repeats. Pooling the orders is what makes v a
 * function of the set: A > B and B > A both are "A and B together".
 */
export function observedConversionRates(paths: readonly ConversionPath[]): ConversionRates {
  checkConversionPaths(paths)
  const seen = new Map<string, { journeys: number; conversions: number }>()
  for (const { labels, converted, count } of paths) {
    const key = coalitionKey(labels)
    const totals = seen.get(key) ?? { journeys: 0, conversions: 0 }
    totals.journeys += count
    if (converted) totals.conversions += count
    seen.set(key, totals)
  }
  return new Map([...seen].map(([key, { journeys, conversions }]) => [key, conversions / journeys]))
}

/**
 * The Shapley value of each distinct label of `labels` in the game on those labels whose value is `rates` (unseen
 * coalitions 0):
 *
 *   φ(i) = Σ over S ⊆ N \ {i} of |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S))
 *
 * They sum to v(N) − v(∅) (efficiency), and may be negative: a label whose presence lowers the conversion rate.
 * Exact for up to `maxExactLabels` labels, beyond that the sampled approximation of `sampledShapleyValues`.
 */
export function shapleyValues(rates: ConversionRates, labels: readonly string[]): Map<string, number> {
  const players = distinctLabels(labels)
  if (players.length <= maxExactLabels) return shapleyFromValues(players, coalitionRates(rates, players))
  const value: CoalitionValue = (coalition) => rates.get(JSON.stringify(coalition)) ?? 0
  return sampledShapleyValues(players, value, sampledPermutations)
}

/**
 * v of every coalition of `players` (distinct, in code-unit order), by bitmask. Each coalition's key is built from
 * the key of the coalition without its last player, so a deal's 2ⁿ lookups cost no array to filter and stringify
 * each: crediting a million deals at campaign level goes from minutes to about a minute.
 */
function coalitionRates(rates: ConversionRates, players: readonly string[]): Float64Array {
  const coalitions = 1 << players.length
  const values = new Float64Array(coalitions)
  // keys[mask]: the coalition's JSON array (coalitionKey) without its closing bracket.
  const keys: string[] = new Array<string>(coalitions)
  keys[0] = '['
  for (let mask = 1; mask < coalitions; mask++) {
    const last = 31 - Math.clz32(mask)
    const rest = mask ^ (1 << last)
    keys[mask] = `${keys[rest]}${rest === 0 ? '' : ','}${JSON.stringify(players[last])}`
    values[mask] = rates.get(`${keys[mask]}]`) ?? 0
  }
  values[0] = rates.get('[]') ?? 0
  return values
}

/**
 * Weights over one deal's touches (index for index with `journeyLabels`, summing to 1) from the Shapley values of
 * the labels on its path. A negative value counts as 0 (a label that lowers the conversion rate earns nothing rather
 * than negative money); the values are renormalised over the path and split evenly among each label's touches, and
 * if none is positive the last touch gets everything (`creditsFromLabelShares`).
 */
export function shapleyCredits(rates: ConversionRates, journeyLabels: readonly string[]): number[] {
  const values = shapleyValues(rates, journeyLabels)
  const nonNegative = new Map([...values].map(([label, value]) => [label, Math.max(0, value)]))
  return creditsFromLabelShares(nonNegative, journeyLabels)
}

/**
 * Exact Shapley values of `players` (distinct, in code-unit order), each coalition a bitmask over them: v is read
 * once per coalition, then every coalition S adds its weighted marginal v(S ∪ {i}) − v(S) to each player i not in it.
 */
export function exactShapleyValues(players: readonly string[], value: CoalitionValue): Map<string, number> {
  const n = players.length
  if (n > maxExactLabels) throw new RangeError(`exact Shapley values take at most ${maxExactLabels} players, got ${n}`)
  const values = new Float64Array(1 << n)
  for (let mask = 0; mask < values.length; mask++) values[mask] = value(players.filter((_, i) => mask & (1 << i)))
  return shapleyFromValues(players, values)
}

/** Exact Shapley values of `players` given v of each coalition by bitmask over them (bit i: players[i]). */
function shapleyFromValues(players: readonly string[], values: Float64Array): Map<string, number> {
  const n = players.length
  const coalitions = 1 << n
  const factorial = [1]
  for (let k = 1; k <= n; k++) factorial.push((factorial[k - 1] ?? 1) * k)
  // |S|! (n − |S| − 1)! / n!, by |S|
  const weightOfSize = players.map(
    (_, size) => ((factorial[size] ?? 1) * (factorial[n - size - 1] ?? 1)) / (factorial[n] ?? 1),
  )

  const phi = players.map(() => 0)
  for (let mask = 0; mask < coalitions; mask++) {
    const weight = weightOfSize[popCount(mask)] ?? 0
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) continue
      phi[i] = (phi[i] ?? 0) + weight * ((values[mask | (1 << i)] ?? 0) - (values[mask] ?? 0))
    }
  }
  return new Map(players.map((player, i) => [player, phi[i] ?? 0]))
}

/**
 * Shapley values estimated from `permutations` orders of `players` (distinct, in code-unit order), drawn by a
 * generator with a fixed seed: each player earns its average marginal value v(before ∪ {i}) − v(before) over the
 * orders, `before` being the players ahead of it. Deterministic (same players and values, same result), and the
 * values still sum to v(N) − v(∅) exactly, since each order's marginals add up to it; the error of each value shrinks
 * like 1/√permutations.
 */
export function sampledShapleyValues(
  players: readonly string[],
  value: CoalitionValue,
  permutations: number,
): Map<string, number> {
  const n = players.length
  const random = mulberry32(permutationSeed)
  const phi = players.map(() => 0)
  const order = players.map((_, i) => i)
  const empty = value([])
  for (let p = 0; p < permutations; p++) {
    // Fisher–Yates on the previous order; any starting order gives uniformly random permutations.
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j] ?? j, order[i] ?? i]
    }
    const joined = players.map(() => false)
    let before = empty
    for (const player of order) {
      joined[player] = true
      const after = value(players.filter((_, i) => joined[i]))
      phi[player] = (phi[player] ?? 0) + after - before
      before = after
    }
  }
  return new Map(players.map((player, i) => [player, (phi[i] ?? 0) / permutations]))
}

function popCount(mask: number): number {
  let count = 0
  for (let rest = mask; rest !== 0; rest &= rest - 1) count++
  return count
}

/** Mulberry32: a small, fast 32-bit generator; good enough to shuffle, and reproducible from its seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
