import fc from 'fast-check'
import { msPerDay, type AttributionOptions, type DealTimes, type JourneyTouch } from '../src/index.ts'
import { createdAt } from './journeyFixtures.ts'

// Generators shared by the property tests of the models: deals, their touches and amounts.

export const campaignIds = ['spring-webinar', 'search-brand', 'newsletter'] as const
export const channels = ['paid_search', 'email', 'events'] as const

export const attributionOptions: fc.Arbitrary<AttributionOptions> = fc.record({
  lookbackDays: fc.integer({ min: 0, max: 400 }),
  halfLifeDays: fc.double({ min: 0.5, max: 60, noNaN: true }),
})

export const deal: fc.Arbitrary<DealTimes> = fc.oneof(
  fc.constant({ createdAt }),
  fc.integer({ min: 0, max: 90 * msPerDay }).map((wonAfter) => ({ createdAt, wonAt: createdAt + wonAfter })),
)

// A few whole-day instants make equal timestamps common, so the touchId tie-break is exercised.
const occurredAt = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((days) => createdAt - days * msPerDay),
  fc.integer({ min: createdAt - 450 * msPerDay, max: createdAt + 100 * msPerDay }),
)

export const touch: fc.Arbitrary<JourneyTouch> = fc.record({
  touchId: fc.string({ minLength: 1, maxLength: 4 }),
  occurredAt,
  campaignId: fc.constantFrom(...campaignIds),
  channel: fc.constantFrom(...channels),
  touchType: fc.constantFrom('form_fill', 'ad_click', 'page_view', 'email_click'),
  identified: fc.boolean(),
})

export const touches = fc.uniqueArray(touch, { selector: ({ touchId }) => touchId, maxLength: 12 })

/** Touches, and the same touches in another order. */
export const touchesAndShuffle = touches.chain((touches) =>
  fc.tuple(fc.constant(touches), fc.shuffledSubarray(touches, { minLength: touches.length })),
)

export const amountCents = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat())
