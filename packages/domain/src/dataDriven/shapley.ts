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
  if (players.length <= maxExactLabels) return shapleyFromSeen(players, seenCoalitions(rates, players))
  if (players.length <= maxMaskedLabels) {
    const seen = seenCoalitions(rates, players)
    return shapleyFromOrders(players, sampledPermutations, (mask) => seen.get(mask) ?? 0)
  }
  const value: CoalitionValue = (coalition) => rates.get(JSON.stringify(coalition)) ?? 0
  return sampledShapleyValues(players, value, sampledPermutations)
}

/** Up to this many players a coalition's bitmask (a sum of powers of two) is an exact integer in a double. */
const maxMaskedLabels = 52

/**
 * The rate of every coalition of `players` (distinct, in code-unit order) that `rates` holds, the empty one included,
 * by bitmask (player i is 2^i). It walks keys in order, from each key to the keys one player longer, and goes on from
 * a key only where some longer key seen starts with it: a deal visits the coalitions of its labels that journeys were
 * seen with, and their prefixes, not all 2ⁿ of them (those lookups took a third of the projector's time once markov
 * and shapley were trained).
 */
function seenCoalitions(rates: ConversionRates, players: readonly string[]): Map<number, number> {
  const seen = new Map<number, number>()
  const empty = rates.get('[]')
  if (empty !== undefined) seen.set(0, empty)
  const walk: CoalitionWalk = { rates, extendable: extendableKeys(rates), quoted: players.map((player) => JSON.stringify(player)), seen }
  if (walk.extendable.has('[')) extendWalk(walk, '[', 0, 0)
  return seen
}

interface CoalitionWalk {
  rates: ConversionRates
  extendable: ReadonlySet<string>
  /** The players as JSON strings, as keys hold them. */
  quoted: readonly string[]
  seen: Map<number, number>
}

/** From the key `open` (a coalition's key without its closing bracket, of bitmask `mask`), every longer key seen. */
function extendWalk(walk: CoalitionWalk, open: string, mask: number, from: number): void {
  for (let i = from; i < walk.quoted.length; i++) {
    const longer = longerKey(open, walk.quoted[i] ?? '')
    const withPlayer = mask + 2 ** i
    const rate = walk.rates.get(`${longer}]`)
    if (rate !== undefined) walk.seen.set(withPlayer, rate)
    if (walk.extendable.has(longer)) extendWalk(walk, longer, withPlayer, i + 1)
  }
}

/** An open key (without its closing bracket) with one more label, given as JSON. */
const longerKey = (open: string, quotedLabel: string): string => (open === '[' ? `[${quotedLabel}` : `${open},${quotedLabel}`)

/** Of each rates, every key cut before one of its labels, without the closing bracket: `[`, `["a"`, `["a","b"`. */
const extendableKeysOf = new WeakMap<ConversionRates, ReadonlySet<string>>()

function extendableKeys(rates: ConversionRates): ReadonlySet<string> {
  const known = extendableKeysOf.get(rates)
  if (known) return known
  const keys = new Set<string>()
  for (const key of rates.keys()) {
    let open = '['
    for (const label of labelsOfKey(key)) {
      keys.add(open)
      open = longerKey(open, JSON.stringify(label))
    }
  }
  extendableKeysOf.set(rates, keys)
  return keys
}

/** The labels of a key coalitionKey wrote; none for any other text, which no coalition's key can equal. */
function labelsOfKey(key: string): readonly string[] {
  try {
    const labels: unknown = JSON.parse(key)
    return Array.isArray(labels) && labels.every((label) => typeof label === 'string') && JSON.stringify(labels) === key ? labels : []
  } catch {
    return []
  }
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
  const values = new Map<number, number>()
  for (let mask = 0; mask < 2 ** n; mask++) values.set(mask, value(players.filter((_, i) => mask & (1 << i))))
  return shapleyFromSeen(players, values)
}

/**
 * Exact Shapley values of `players` given v of the coalitions in `values` by bitmask (bit i: players[i]); v of any
 * other coalition is 0. A coalition S adds its weighted marginal v(S ∪ {i}) − v(S) to each player i not in it, in
 * increasing order of S; only an S where one of the two is in `values` can add anything but 0, so only those are
 * visited: the cost follows the coalitions seen, not 2ⁿ.
 */
function shapleyFromSeen(players: readonly string[], values: ReadonlyMap<number, number>): Map<string, number> {
  const n = players.length
  const factorial = [1]
  for (let k = 1; k <= n; k++) factorial.push((factorial[k - 1] ?? 1) * k)
  // |S|! (n − |S| − 1)! / n!, by |S|
  const weightOfSize = players.map(
    (_, size) => ((factorial[size] ?? 1) * (factorial[n - size - 1] ?? 1)) / (factorial[n] ?? 1),
  )
  const masks = [...values.keys()]
  return new Map(
    players.map((player, i) => {
      const bit = 1 << i
      const withoutPlayer = [...new Set(masks.map((mask) => mask & ~bit))].sort((a, b) => a - b)
      let phi = 0
      for (const mask of withoutPlayer) {
        phi += (weightOfSize[popCount(mask)] ?? 0) * ((values.get(mask | bit) ?? 0) - (values.get(mask) ?? 0))
      }
      return [player, phi]
    }),
  )
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
  return shapleyFromOrders(players, permutations, (_mask, joined) => value(players.filter((_, i) => joined[i])))
}

/**
 * sampledShapleyValues, v of the players joined so far given both as their bitmask (player i is 2^i, exact up to
 * `maxMaskedLabels` players) and as a flag per player.
 */
function shapleyFromOrders(
  players: readonly string[],
  permutations: number,
  value: (mask: number, joined: readonly boolean[]) => number,
): Map<string, number> {
  const n = players.length
  const random = mulberry32(permutationSeed)
  const phi = players.map(() => 0)
  const order = players.map((_, i) => i)
  const joined = players.map(() => false)
  const bits = players.map((_, i) => 2 ** i)
  const empty = value(0, joined)
  for (let p = 0; p < permutations; p++) {
    // Fisher–Yates on the previous order; any starting order gives uniformly random permutations.
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      // A swap through a local, not a destructuring: that makes an array per swap, n per order.
      const swapped = order[i] ?? i
      order[i] = order[j] ?? j
      order[j] = swapped
    }
    joined.fill(false)
    let mask = 0
    let before = empty
    for (const player of order) {
      joined[player] = true
      mask += bits[player] ?? 0
      const after = value(mask, joined)
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
