import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { attribute } from './attribute.ts'
import { attributionModels, type AttributionModel } from './attributionModel.ts'
import { msPerDay, type DealTimes, type JourneyTouch } from './journey.ts'
import { createdAt } from '../testing/journeyFixtures.ts'
import { weigh } from './weigh.ts'

const numRuns = 200

const model = fc.constantFrom(...attributionModels)
const options = fc.record({
  lookbackDays: fc.integer({ min: 0, max: 400 }),
  halfLifeDays: fc.double({ min: 0.5, max: 60, noNaN: true }),
})
const deal: fc.Arbitrary<DealTimes> = fc.oneof(
  fc.constant({ createdAt }),
  fc.integer({ min: 0, max: 90 * msPerDay }).map((wonAfter) => ({ createdAt, wonAt: createdAt + wonAfter })),
)
// A few whole-day instants make equal timestamps common, so the touchId tie-break is exercised.
const occurredAt = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((days) => createdAt - days * msPerDay),
  fc.integer({ min: createdAt - 450 * msPerDay, max: createdAt + 100 * msPerDay }),
)
const touch: fc.Arbitrary<JourneyTouch> = fc.record({
  touchId: fc.string({ minLength: 1, maxLength: 4 }),
  occurredAt,
  campaignId: fc.constantFrom('spring-webinar', 'search-brand', 'newsletter'),
  channel: fc.constantFrom('paid_search', 'email', 'events'),
  touchType: fc.constantFrom('form_fill', 'ad_click', 'page_view', 'email_click'),
  identified: fc.boolean(),
})
const touches = fc.uniqueArray(touch, { selector: ({ touchId }) => touchId, maxLength: 12 })
const amountCents = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat())

describe('attribution properties, for every model', () => {
  it('credits sum exactly to the amount, in non-negative whole cents, and shares sum to one deal', () => {
    fc.assert(
      fc.property(model, deal, touches, amountCents, options, (model, deal, touches, amountCents, options) => {
        const credits = attribute(model, deal, touches, amountCents, options)
        fc.pre(credits.length > 0)

        expect(credits.reduce((sum, { cents }) => sum + cents, 0)).toBe(amountCents)
        for (const { cents, share } of credits) {
          expect(Number.isSafeInteger(cents) && cents >= 0).toBe(true)
          expect(share).toBeGreaterThanOrEqual(0)
        }
        expect(credits.reduce((sum, { share }) => sum + share, 0)).toBeCloseTo(1, 9)
      }),
      { numRuns },
    )
  })

  it('the order the touches arrive in changes nothing, even between touches at the same instant', () => {
    const touchesAndShuffle = touches.chain((touches) =>
      fc.tuple(fc.constant(touches), fc.shuffledSubarray(touches, { minLength: touches.length })),
    )
    fc.assert(
      fc.property(
        model,
        deal,
        touchesAndShuffle,
        amountCents,
        options,
        (model, deal, [touches, shuffled], amountCents, options) => {
          expect(attribute(model, deal, shuffled, amountCents, options)).toEqual(
            attribute(model, deal, touches, amountCents, options),
          )
        },
      ),
      { numRuns },
    )
  })

  it('a touch outside the window changes nothing, wherever it appears in the input', () => {
    fc.assert(
      fc.property(
        model,
        deal,
        touches,
        amountCents,
        options,
        fc.boolean(),
        fc.integer({ min: 1, max: 100 * msPerDay }),
        fc.nat(),
        touch,
        (model, deal, touches, amountCents, options, beforeWindow, distance, at, template) => {
          const outside = {
            ...template,
            touchId: 'outside the window',
            occurredAt: outsideWindow(model, deal, options, beforeWindow, distance),
          }
          const withOutside = [...touches]
          withOutside.splice(at % (touches.length + 1), 0, outside)

          expect(attribute(model, deal, withOutside, amountCents, options)).toEqual(
            attribute(model, deal, touches, amountCents, options),
          )
        },
      ),
      { numRuns },
    )
  })

  it('the weights of a non-empty journey sum to one', () => {
    fc.assert(
      fc.property(model, deal, touches, options, (model, deal, touches, options) => {
        const weighted = weigh(model, deal, touches, options)
        fc.pre(weighted.length > 0)

        expect(weighted.reduce((sum, { weight }) => sum + weight, 0)).toBeCloseTo(1, 9)
      }),
      { numRuns },
    )
  })
})

/** An instant `distance` ms before the lookback starts or after the journey ends (the win, for a won full path). */
function outsideWindow(
  model: AttributionModel,
  deal: DealTimes,
  options: { lookbackDays: number },
  beforeWindow: boolean,
  distance: number,
): number {
  if (beforeWindow) return deal.createdAt - options.lookbackDays * msPerDay - distance
  const end = model === 'full_path' ? Math.max(deal.createdAt, deal.wonAt ?? deal.createdAt) : deal.createdAt
  return end + distance
}
