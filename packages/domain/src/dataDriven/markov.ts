import { checkConversionPaths, distinctLabels, type ConversionPath } from './conversionPath.ts'
import { creditsFromLabelShares } from './labelCredits.ts'
import { linearSolver } from './linearSystem.ts'

/**
 * The first-order Markov chain of a set of paths: a start state, one transient state per label, and two absorbing
 * states, conversion and null (the journey ended without converting). Every probability is a transition count
 * (weighted by the paths' `count`) divided by the count of transitions out of the same state, so each state's
 * `between`, `toConversion` and `toNull` sum to 1.
 *
 * Consecutive repeats (email > email) are kept as self-transitions, as the paths give them. Collapsing them would not
 * change any conversion probability or removal effect: a self-loop only makes a state repeat before leaving it, and
 * the chances of where it goes when it leaves, n(s→t) / (n(s) − n(s→s)), are the collapsed chain's transitions.
 */
export interface MarkovChain {
  /** The transient states, in code-unit order; every array below is indexed like it. */
  labels: string[]
  /** P(start → label): the share of paths beginning with it. */
  fromStart: number[]
  /** between[s][t] = P(s → t) between labels (the matrix Q). */
  between: number[][]
  /** P(s → conversion) (the vector r). */
  toConversion: number[]
  /** P(s → null). */
  toNull: number[]
}

export interface MarkovAttribution {
  /** P(conversion) from start: the chain's conversion rate, equal to the converted share of the paths' counts. */
  conversionProbability: number
  /** label -> 1 − P(conversion with the label removed) / P(conversion), in [0, 1]; all 0 when nothing converts. */
  removalEffects: ReadonlyMap<string, number>
  /** label -> its removal effect over the sum of all removal effects; sums to 1, or all 0 when nothing converts. */
  shares: ReadonlyMap<string, number>
}

/** Counts every transition of the paths (start → first label → … → last label → conversion or null). */
export function markovChain(paths: readonly ConversionPath[]): MarkovChain {
  checkConversionPaths(paths)
  const labels = distinctLabels(paths.flatMap((path) => path.labels))
  const indexOf = new Map(labels.map((label, index) => [label, index]))
  const zeros = () => labels.map(() => 0)
  const fromStart = zeros()
  const between = labels.map(zeros)
  const toConversion = zeros()
  const toNull = zeros()
  const add = (counts: number[], index: number, count: number) => {
    counts[index] = (counts[index] ?? 0) + count
  }

  for (const { labels: pathLabels, converted, count } of paths) {
    const states = pathLabels.map((label) => indexOf.get(label) ?? -1)
    states.forEach((state, step) => {
      const next = states[step + 1]
      if (step === 0) add(fromStart, state, count)
      if (next !== undefined) add(between[state] ?? [], next, count)
      else add(converted ? toConversion : toNull, state, count)
    })
  }

  const journeys = fromStart.reduce((sum, count) => sum + count, 0)
  const leaving = labels.map(
    (_, s) => (between[s] ?? []).reduce((sum, count) => sum + count, 0) + (toConversion[s] ?? 0) + (toNull[s] ?? 0),
  )
  const perLeaving = (counts: number[]) => counts.map((count, s) => count / (leaving[s] ?? 1))
  return {
    labels,
    fromStart: fromStart.map((count) => count / journeys),
    between: between.map((row, s) => row.map((count) => count / (leaving[s] ?? 1))),
    toConversion: perLeaving(toConversion),
    toNull: perLeaving(toNull),
  }
}

/**
 * Markov removal effects of the labels of `paths` (channels or campaigns), solved exactly.
 *
 * The probability x(s) of converting from state s solves the absorbing chain's linear system (I − Q)·x = r, by
 * Gaussian elimination with partial pivoting; from start, P = Σ P(start → s)·x(s). Every state reaches null or
 * conversion (each path ends in one), so I − Q is invertible.
 *
 * The removal effect of s is RE(s) = 1 − P(without s) / P, where "without s" redirects every transition into s to
 * null. Redirecting s loses exactly the conversions of the journeys that reach s, so P(without s) = P − h(s)·x(s),
 * h(s) being the probability of ever reaching s, and RE(s) = h(s)·x(s) / P. With N = (I − Q)⁻¹ (N[t][s] is the
 * expected number of visits to s starting from t), h(s) = (Σ P(start → t)·N[t][s]) / N[s][s]. Computed that way the
 * elimination runs once and each state costs one O(n²) solve for column s of N, O(n³) in all instead of O(n⁴) for a
 * fresh elimination per state; markov.test.ts checks it against removing each state and solving again.
 *
 * share(s) = RE(s) / Σ RE. When nothing converts (P = 0) every removal effect and share is 0.
 */
export function markovAttribution(paths: readonly ConversionPath[]): MarkovAttribution {
  const chain = markovChain(paths)
  const { labels, fromStart } = chain
  const solve = linearSolver(
    labels.map((_, s) => labels.map((_, t) => (s === t ? 1 : 0) - (chain.between[s]?.[t] ?? 0))),
  )
  const conversionFrom = solve(chain.toConversion)
  const conversionProbability = dot(fromStart, conversionFrom)

  const removalEffects = labels.map((_, s) => {
    if (conversionProbability === 0) return 0
    const visitsOfS = solve(labels.map((_, t) => (t === s ? 1 : 0)))
    const reach = dot(fromStart, visitsOfS) / (visitsOfS[s] ?? 1)
    // A probability, so never below 0; elimination can land a rounding error (-4e-17) under it, which must not
    // become a negative share.
    return Math.max(0, (reach * (conversionFrom[s] ?? 0)) / conversionProbability)
  })
  const total = removalEffects.reduce((sum, effect) => sum + effect, 0)
  return {
    conversionProbability,
    removalEffects: new Map(labels.map((label, s) => [label, removalEffects[s] ?? 0])),
    shares: new Map(labels.map((label, s) => [label, total === 0 ? 0 : (removalEffects[s] ?? 0) / total])),
  }
}

/**
 * Weights over one deal's touches (index for index with `journeyLabels`, summing to 1) from the Markov shares: each
 * label on the deal's path gets its share renormalised over the labels on the path, split evenly among the touches
 * carrying it; if every share on the path is 0, the last touch gets everything (`creditsFromLabelShares`).
 */
export function markovCredits(shares: ReadonlyMap<string, number>, journeyLabels: readonly string[]): number[] {
  return creditsFromLabelShares(shares, journeyLabels)
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0)
}
