import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ConversionPath } from './conversionPath.ts'
import {
  coalitionKey,
  exactShapleyValues,
  maxExactLabels,
  observedConversionRates,
  sampledPermutations,
  sampledShapleyValues,
  shapleyCredits,
  shapleyValues,
  type CoalitionValue,
} from './shapley.ts'

/** `converted` of `count` journeys followed `labels`: one converting and one non-converting path. */
function journeys(labels: string, converted: number, count: number): ConversionPath[] {
  return [
    { labels: labels.split('>'), converted: true, count: converted },
    { labels: labels.split('>'), converted: false, count: count - converted },
  ].filter((path) => path.count > 0)
}

function expectMapWithin(actual: ReadonlyMap<string, number>, expected: Record<string, number>, tolerance: number) {
  expect([...actual.keys()]).toEqual(Object.keys(expected))
  for (const [label, value] of Object.entries(expected)) {
    expect(Math.abs((actual.get(label) ?? Number.NaN) - value)).toBeLessThanOrEqual(tolerance)
  }
}

function expectWeightsWithin(actual: number[], expected: number[], tolerance: number) {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((weight, index) => {
    expect(Math.abs(weight - (expected[index] ?? Number.NaN))).toBeLessThanOrEqual(tolerance)
  })
}

describe('Given two channels: A alone converts 2 of 10, B alone 1 of 10, both together 3 of 10', () => {
  // A > B converts, B > A > A does not: both are the coalition {A, B}
  const paths = [
    ...journeys('A', 2, 10),
    ...journeys('B', 1, 10),
    ...journeys('A>B', 3, 3),
    ...journeys('B>A>A', 0, 7),
  ]
  const rates = observedConversionRates(paths)

  it('When rates are observed, Then each set of channels has its own, whatever the order and repeats', () => {
    expect(rates).toEqual(
      new Map([
        [coalitionKey(['A']), 0.2],
        [coalitionKey(['B']), 0.1],
        [coalitionKey(['A', 'B']), 0.3],
      ]),
    )
  })

  it('When Shapley values are taken, Then they are the hand-computed ones', () => {
    // φ(A) = 1/2·(v(A) − v(∅)) + 1/2·(v(AB) − v(B)) = 1/2·0.2 + 1/2·0.2 = 0.2
    // φ(B) = 1/2·(v(B) − v(∅)) + 1/2·(v(AB) − v(A)) = 1/2·0.1 + 1/2·0.1 = 0.1     (sum 0.3 = v(AB))
    expectMapWithin(shapleyValues(rates, ['B', 'A', 'B']), { A: 0.2, B: 0.1 }, 1e-12)
  })

  it('When a deal with touches B, A, B is credited, Then A earns 2/3 and B 1/3, split over its two touches', () => {
    expectWeightsWithin(shapleyCredits(rates, ['B', 'A', 'B']), [1 / 6, 2 / 3, 1 / 6], 1e-12)
  })
})

describe('Given three channels with v(A) 0.2, v(B) 0.1, v(C) unseen, v(AB) 0.3, v(AC) 0.4, v(BC) 0.2, v(ABC) 0.6', () => {
  const paths = [
    ...journeys('A', 1, 5),
    ...journeys('B', 1, 10),
    ...journeys('A>B', 3, 3),
    ...journeys('B>A', 0, 7),
    ...journeys('C>A', 2, 2),
    ...journeys('A>C>A', 0, 3),
    ...journeys('B>C', 1, 1),
    ...journeys('C>B>B', 0, 4),
    ...journeys('A>B>C', 3, 3),
    ...journeys('C>A>B', 0, 2),
  ]
  const rates = observedConversionRates(paths)

  it('When Shapley values are taken, Then they are the hand-computed ones', () => {
    // weights by |S|: 0 -> 0!·2!/3! = 1/3, 1 -> 1!·1!/3! = 1/6, 2 -> 2!·0!/3! = 1/3
    // φ(A) = 1/3·0.2 + 1/6·(0.3 − 0.1) + 1/6·(0.4 − 0) + 1/3·(0.6 − 0.2) = (0.4 + 0.2 + 0.4 + 0.8) / 6 = 0.3
    // φ(B) = 1/3·0.1 + 1/6·(0.3 − 0.2) + 1/6·(0.2 − 0) + 1/3·(0.6 − 0.4) = (0.2 + 0.1 + 0.2 + 0.4) / 6 = 0.15
    // φ(C) = 1/3·0   + 1/6·(0.4 − 0.2) + 1/6·(0.2 − 0.1) + 1/3·(0.6 − 0.3) = (0 + 0.2 + 0.1 + 0.6) / 6 = 0.15
    expectMapWithin(shapleyValues(rates, ['C', 'B', 'A']), { A: 0.3, B: 0.15, C: 0.15 }, 1e-12)
  })

  it('When a deal with touches C, A, B is credited, Then the values are normalised to 1/4, 1/2, 1/4', () => {
    expectWeightsWithin(shapleyCredits(rates, ['C', 'A', 'B']), [0.25, 0.5, 0.25], 1e-12)
  })

  it('When only A and C are on the deal, Then the game is played by A and C alone', () => {
    // φ(A) = 1/2·0.2 + 1/2·(0.4 − 0) = 0.3, φ(C) = 1/2·0 + 1/2·(0.4 − 0.2) = 0.1
    expectMapWithin(shapleyValues(rates, ['A', 'C']), { A: 0.3, C: 0.1 }, 1e-12)
  })
})

describe('shapleyValues', () => {
  it('Given two channels that are interchangeable, When valued, Then they get the same value', () => {
    const rates = observedConversionRates([...journeys('A', 1, 10), ...journeys('B', 1, 10), ...journeys('B>A', 1, 2)])

    expectMapWithin(shapleyValues(rates, ['A', 'B']), { A: 0.25, B: 0.25 }, 1e-12)
  })

  it('Given a channel that never changes the conversion rate, When valued, Then that dummy gets 0', () => {
    // v(D) = 0 = v(∅) and v(AD) = 0.5 = v(A)
    const rates = observedConversionRates([...journeys('A', 1, 2), ...journeys('A>D', 1, 2), ...journeys('D', 0, 3)])

    expectMapWithin(shapleyValues(rates, ['A', 'D']), { A: 0.5, D: 0 }, 1e-12)
    expect(shapleyCredits(rates, ['D', 'A', 'D'])).toEqual([0, 1, 0])
  })

  it('Given any observed paths, When valued, Then the values sum to v(N) − v(∅) (efficiency)', () => {
    const label = fc.constantFrom('A', 'B', 'C', 'D', 'E')
    const path = fc.record({
      labels: fc.array(label, { minLength: 1, maxLength: 6 }),
      converted: fc.boolean(),
      count: fc.integer({ min: 1, max: 5 }),
    })
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 12 }), fc.array(label, { minLength: 1 }), (paths, deal) => {
        const rates = observedConversionRates(paths)
        const sum = [...shapleyValues(rates, deal).values()].reduce((total, value) => total + value, 0)

        // v(∅) is 0: no path is empty
        expect(Math.abs(sum - (rates.get(coalitionKey(deal)) ?? 0))).toBeLessThanOrEqual(1e-12)
      }),
    )
  })
})

describe('shapleyCredits', () => {
  it('Given a channel whose presence lowers the conversion rate, When credited, Then it earns 0, not negative', () => {
    // v(A) 0.5, v(B) 0, v(AB) 0.2: φ(A) = 1/2·0.5 + 1/2·0.2 = 0.35, φ(B) = 1/2·0 + 1/2·(0.2 − 0.5) = −0.15
    const rates = observedConversionRates([...journeys('A', 1, 2), ...journeys('B', 0, 4), ...journeys('A>B', 1, 5)])

    expectMapWithin(shapleyValues(rates, ['A', 'B']), { A: 0.35, B: -0.15 }, 1e-12)
    expect(shapleyCredits(rates, ['B', 'A'])).toEqual([0, 1])
  })

  it('Given a path no journey was ever seen with, When credited, Then the last touch gets everything', () => {
    const rates = observedConversionRates(journeys('A', 1, 2))

    expect(shapleyCredits(rates, ['X', 'Y', 'X', 'Z'])).toEqual([0, 0, 0, 1])
  })
})

describe(`Given more than ${maxExactLabels} distinct channels on one path`, () => {
  const channels = Array.from({ length: 18 }, (_, index) => `c${String(index).padStart(2, '0')}`)
  const paths = [
    ...journeys(channels.join('>'), 3, 4),
    ...journeys(channels.slice(0, 9).join('>'), 1, 4),
    ...journeys(channels.slice(9).join('>'), 1, 2),
    ...journeys('c00>c17', 1, 1),
  ]
  const rates = observedConversionRates(paths)

  it('When valued twice, in any input order, Then the sampled values are the same', () => {
    const values = shapleyValues(rates, channels)

    expect(shapleyValues(rates, [...channels].reverse())).toEqual(values)
    expect(shapleyCredits(rates, channels)).toEqual(shapleyCredits(rates, channels))
  })

  it('When valued, Then the sampled values still sum to v(N) − v(∅)', () => {
    const sum = [...shapleyValues(rates, channels).values()].reduce((total, value) => total + value, 0)

    expect(sum).toBeCloseTo(0.75, 12)
  })
})

describe('sampledShapleyValues', () => {
  it('Given a game small enough to solve exactly, When sampled, Then each value is within 0.01 of the exact one', () => {
    const players = ['a', 'b', 'c', 'd', 'e', 'f']
    // Each player is worth its index in tenths, and a and b together earn a bonus of 0.3.
    const value: CoalitionValue = (coalition) =>
      coalition.reduce((sum, player) => sum + players.indexOf(player), 0) / 10 +
      (coalition.includes('a') && coalition.includes('b') ? 0.3 : 0)

    const exact = exactShapleyValues(players, value)
    const sampled = sampledShapleyValues(players, value, 1000)

    expectMapWithin(sampled, Object.fromEntries(exact), 0.01)
  })
})

describe('coalition values looked up by bitmask', () => {
  it('reads the same v(S) as stringifying every coalition, labels needing JSON escapes included', () => {
    const label = fc.constantFrom('a', 'b', 'c', 'd', 'e"quoted"', 'f\\slash', 'g,comma', 'ü')
    const path = fc.record({ labels: fc.array(label, { minLength: 1, maxLength: 6 }), converted: fc.boolean(), count: fc.integer({ min: 1, max: 5 }) })
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 12 }), fc.array(label, { minLength: 1, maxLength: 8 }), (paths, labels) => {
        const rates = observedConversionRates(paths)
        const byStringify: CoalitionValue = (coalition) => rates.get(JSON.stringify(coalition)) ?? 0
        const players = [...new Set(labels)].sort()
        expect(shapleyValues(rates, labels)).toEqual(exactShapleyValues(players, byStringify))
      }),
    )
  })

  it(`reads the same v(S) as stringifying every coalition beyond ${maxExactLabels} labels, where values are sampled`, () => {
    const pool = Array.from({ length: 24 }, (_, index) => (index % 5 === 0 ? `"c${index}",` : `c${index}`))
    const label = fc.constantFrom(...pool)
    // Long seen paths, so that many coalitions of a deal's labels were seen, not only singletons.
    const path = fc.record({ labels: fc.array(label, { minLength: 1, maxLength: 20 }), converted: fc.boolean(), count: fc.integer({ min: 1, max: 5 }) })
    const deal = fc.uniqueArray(label, { minLength: maxExactLabels + 1, maxLength: 22 })
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 40 }), deal, (paths, labels) => {
        const rates = observedConversionRates([...paths, { labels, converted: true, count: 1 }])
        const byStringify: CoalitionValue = (coalition) => rates.get(JSON.stringify(coalition)) ?? 0
        const players = [...labels].sort()
        expect(shapleyValues(rates, labels)).toEqual(sampledShapleyValues(players, byStringify, sampledPermutations))
      }),
      { numRuns: 30 },
    )
  })
})
