import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateCents } from '../allocateCents.ts'
import {
  amountCents,
  attributionOptions,
  campaignIds,
  channels,
  deal,
  touches,
  touchesAndShuffle,
} from '../../testing/journeyArbitraries.ts'
import { attributionLevels } from './attributionLevel.ts'
import type { ConversionPath } from './conversionPath.ts'
import { markovAttribution, markovCredits } from './markov.ts'
import { observedConversionRates, shapleyCredits } from './shapley.ts'
import { weighByLabels } from './weighByLabels.ts'

const numRuns = 200

/** Paths over the labels the touches use at either level, plus one no touch uses. */
const paths: fc.Arbitrary<ConversionPath[]> = fc.array(
  fc.record({
    labels: fc.array(fc.constantFrom(...channels, ...campaignIds, 'unseen'), { minLength: 1, maxLength: 6 }),
    converted: fc.boolean(),
    count: fc.integer({ min: 1, max: 20 }),
  }),
  { minLength: 1, maxLength: 15 },
)

type Credits = (journeyLabels: readonly string[]) => number[]

const models: Record<string, (paths: ConversionPath[]) => Credits> = {
  markov: (paths) => {
    const { shares } = markovAttribution(paths)
    return (labels) => markovCredits(shares, labels)
  },
  shapley: (paths) => {
    const rates = observedConversionRates(paths)
    return (labels) => shapleyCredits(rates, labels)
  },
}

describe.each(Object.keys(models))('%s model properties', (name) => {
  const credits = fc.tuple(paths, fc.constantFrom(...attributionLevels)).map(([paths, level]) => ({
    creditsOf: models[name]?.(paths) ?? (() => []),
    level,
  }))

  it('the weights of a non-empty journey are non-negative, sum to one and split any amount exactly', () => {
    fc.assert(
      fc.property(
        credits,
        deal,
        touches,
        attributionOptions,
        amountCents,
        ({ creditsOf, level }, deal, touches, options, amount) => {
          const weighted = weighByLabels(creditsOf, level, deal, touches, options)
          fc.pre(weighted.length > 0)
          const weights = weighted.map(({ weight }) => weight)

          for (const weight of weights) expect(weight).toBeGreaterThanOrEqual(0)
          expect(weights.reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 9)
          expect(allocateCents(amount, weights).reduce((sum, cents) => sum + cents, 0)).toBe(amount)
        },
      ),
      { numRuns },
    )
  })

  it('the order the touches arrive in changes nothing, even between touches at the same instant', () => {
    fc.assert(
      fc.property(
        credits,
        deal,
        touchesAndShuffle,
        attributionOptions,
        ({ creditsOf, level }, deal, [touches, shuffled], options) => {
          expect(weighByLabels(creditsOf, level, deal, shuffled, options)).toEqual(
            weighByLabels(creditsOf, level, deal, touches, options),
          )
        },
      ),
      { numRuns },
    )
  })
})
