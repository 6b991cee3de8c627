import { describe, expect, it } from 'vitest'
import { attribute } from './attribute.ts'
import { attributionModels, type AttributionModel } from './attributionModel.ts'
import type { DealTimes, JourneyTouch } from './journey.ts'
import { openDeal, options, touch, wonDeal } from '../testing/journeyFixtures.ts'

/** touchId -> cents, so an expectation also says which touches are in the journey at all. */
type CentsByTouch = Record<string, number>

function centsByTouch(
  model: AttributionModel,
  deal: DealTimes,
  touches: JourneyTouch[],
  amountCents: number,
): CentsByTouch {
  return Object.fromEntries(
    attribute(model, deal, touches, amountCents, options).map(({ touchId, cents }) => [touchId, cents]),
  )
}

/** One `Then` per model: attributing `amountCents` of `deal` over `touches` credits exactly `expected`. */
function thenEachModelCredits(
  deal: DealTimes,
  touches: JourneyTouch[],
  amountCents: number,
  expected: Record<AttributionModel, CentsByTouch>,
) {
  it.each(attributionModels)('Then %s credits its share', (model) => {
    expect(centsByTouch(model, deal, touches, amountCents)).toEqual(expected[model])
  })
}

// Weights below are percent of the deal; the cents are the largest-remainder split of the amount by those weights.
// Time decay (half-life 7 days) weighs touches 7, 14, 21, 28 days before creation 1/2, 1/4, 1/8, 1/16 of a touch
// at creation.

describe('Given a single ad click of a won deal, When 9.99 is attributed', () => {
  const touches = [touch('a', 3)]

  it.each(attributionModels)('Then %s gives it all 999 cents', (model) => {
    expect(centsByTouch(model, wonDeal, touches, 999)).toEqual({ a: 999 })
  })
})

describe('Given an open deal whose first touch is the form fill (FT = LC), then an ad click and a page view, When 10.00 is attributed', () => {
  const touches = [touch('a', 21, 'form_fill'), touch('b', 14), touch('c', 7, 'page_view')]

  thenEachModelCredits(openDeal, touches, 1000, {
    first_touch: { a: 1000, b: 0, c: 0 },
    last_touch: { a: 0, b: 0, c: 1000 },
    // 333.33 each: the leftover cent to the earliest
    linear: { a: 334, b: 333, c: 333 },
    // a = FT 40 + LC 40; b and c (the OC touch is a middle touch here) share the middle 20
    u_shaped: { a: 800, b: 100, c: 100 },
    // a = FT 30 + LC 30; b middle 10; c OC 30
    w_shaped: { a: 600, b: 100, c: 300 },
    // CW's 22.5 has no touch: 5.625 more to each of FT, LC, OC, middle -> a 56.25, b 15.625, c 28.125
    // -> 562.5 / 156.25 / 281.25, the leftover cent to the .5
    full_path: { a: 563, b: 156, c: 281 },
    // 1/7, 2/7, 4/7 -> 142.86 / 285.71 / 571.43, floors 998, the two leftover cents to the .86 and the .71
    time_decay: { a: 143, b: 286, c: 571 },
  })

  it('Then full_path of the same deal, won, credits CW to the OC touch: a 45, b 10, c = OC 22.5 + CW 22.5', () => {
    expect(centsByTouch('full_path', wonDeal, touches, 1000)).toEqual({ a: 450, b: 100, c: 450 })
  })
})

describe('Given an open deal with two touches, an ad click then a form fill, When 10.01 is attributed', () => {
  const touches = [touch('a', 14), touch('b', 7, 'form_fill')]

  thenEachModelCredits(openDeal, touches, 1001, {
    first_touch: { a: 1001, b: 0 },
    last_touch: { a: 0, b: 1001 },
    // 500.5 each: the tie goes to the earlier touch
    linear: { a: 501, b: 500 },
    // no middle touch: its 20 is split over FT and LC -> 50 / 50
    u_shaped: { a: 501, b: 500 },
    // no middle touch: its 10 is split over FT, LC, OC -> a 33.33, b (LC + OC) 66.67 -> 333.67 / 667.33
    w_shaped: { a: 334, b: 667 },
    // CW 22.5 and middle 10 have no touch: 10.83 more to each of FT, LC, OC -> a 33.33, b 66.67
    full_path: { a: 334, b: 667 },
    // 1/3, 2/3
    time_decay: { a: 334, b: 667 },
  })

  it('Then full_path of the same deal, won, spreads only the middle 10 over four milestones: a 25, b (LC + OC + CW) 75', () => {
    // 250.25 / 750.75
    expect(centsByTouch('full_path', wonDeal, touches, 1001)).toEqual({ a: 250, b: 751 })
  })
})

describe('Given an open deal whose FT, LC and OC are three different touches (no middle touch), When 10.00 is attributed', () => {
  const touches = [touch('a', 21), touch('b', 14, 'form_fill'), touch('c', 7, 'page_view')]

  thenEachModelCredits(openDeal, touches, 1000, {
    first_touch: { a: 1000, b: 0, c: 0 },
    last_touch: { a: 0, b: 0, c: 1000 },
    linear: { a: 334, b: 333, c: 333 },
    // u_shaped does not weigh OC, so c is its middle touch
    u_shaped: { a: 400, b: 400, c: 200 },
    // the middle 10 goes to FT, LC, OC alike -> a third each
    w_shaped: { a: 334, b: 333, c: 333 },
    // CW 22.5 + middle 10 go to FT, LC, OC alike -> a third each
    full_path: { a: 334, b: 333, c: 333 },
    time_decay: { a: 143, b: 286, c: 571 },
  })

  it('Then full_path of the same deal, won, gives c OC and CW: middle 10 over four milestones -> 25 / 25 / 50', () => {
    expect(centsByTouch('full_path', wonDeal, touches, 1000)).toEqual({ a: 250, b: 250, c: 500 })
  })
})

describe('Given an open deal whose touches are all anonymous and none a form fill (no LC), When 10.00 is attributed', () => {
  const touches = [touch('a', 21), touch('b', 14, 'page_view'), touch('c', 7)]

  thenEachModelCredits(openDeal, touches, 1000, {
    first_touch: { a: 1000, b: 0, c: 0 },
    last_touch: { a: 0, b: 0, c: 1000 },
    linear: { a: 334, b: 333, c: 333 },
    // LC's 40 split over FT and middle -> a 60, b and c share 40
    u_shaped: { a: 600, b: 200, c: 200 },
    // LC's 30 split over FT, OC, middle -> 40 / 20 / 40
    w_shaped: { a: 400, b: 200, c: 400 },
    // LC 22.5 + CW 22.5 split over FT, OC, middle -> 37.5 / 25 / 37.5
    full_path: { a: 375, b: 250, c: 375 },
    time_decay: { a: 143, b: 286, c: 571 },
  })

  it('Then full_path of the same deal, won: LC 22.5 over FT, OC, CW, middle -> 28.125 / 15.625 / 56.25', () => {
    // 281.25 / 156.25 / 562.5: the leftover cent to the .5
    expect(centsByTouch('full_path', wonDeal, touches, 1000)).toEqual({ a: 281, b: 156, c: 563 })
  })
})

describe('Given a won deal with touches on and beyond every edge of the window, When 10.00 is attributed', () => {
  const touches = [
    touch('a', 400), // before the 365-day lookback
    touch('b', 365, 'form_fill'), // first day of the lookback, inclusive
    touch('c', 0, 'page_view'), // at the creation, inclusive
    touch('d', -1, 'sales_meeting'), // between creation and win: only the full path sees it
    touch('e', -31, 'sales_call'), // after the win
  ]

  thenEachModelCredits(wonDeal, touches, 1000, {
    first_touch: { b: 1000, c: 0 },
    last_touch: { b: 0, c: 1000 },
    linear: { b: 500, c: 500 },
    // b = FT + LC 80, c middle 20
    u_shaped: { b: 800, c: 200 },
    // b = FT + LC 60, c = OC 30, middle 10 over the three -> 66.67 / 33.33
    w_shaped: { b: 667, c: 333 },
    // b = FT + LC 45, c = OC 22.5, d = CW 22.5, middle 10 over the four -> 50 / 25 / 25
    full_path: { b: 500, c: 250, d: 250 },
    // 2^(−365/7) ≈ 2e−16 of c's weight: below what a cent can show
    time_decay: { b: 0, c: 1000 },
  })

  it('Then full_path of the same deal, still open, ends at the creation: CW 22.5 + middle 10 over FT, LC, OC', () => {
    expect(centsByTouch('full_path', openDeal, touches, 1000)).toEqual({ b: 667, c: 333 })
  })
})

describe('Given an open deal with five touches (an ad click, three middle touches, a form fill at creation), When 1000.01 is attributed', () => {
  const touches = [
    touch('a', 28),
    touch('b', 21, 'page_view'),
    touch('c', 14, 'email_click', true), // identified, but a form fill follows: LC is the form fill
    touch('d', 7, 'webinar_attended'),
    touch('e', 0, 'form_fill'),
  ]

  thenEachModelCredits(openDeal, touches, 100_001, {
    first_touch: { a: 100_001, b: 0, c: 0, d: 0, e: 0 },
    last_touch: { a: 0, b: 0, c: 0, d: 0, e: 100_001 },
    // 20000.2 each: floors 100000, the leftover cent to the earliest
    linear: { a: 20_001, b: 20_000, c: 20_000, d: 20_000, e: 20_000 },
    // a FT 40, e LC 40 (and OC, unweighted), b c d 20/3 each
    // -> 40000.4 / 6666.73 ×3 / 40000.4, floors 99998, the three cents to the .73s
    u_shaped: { a: 40_000, b: 6_667, c: 6_667, d: 6_667, e: 40_000 },
    // a FT 30, e LC + OC 60, b c d 10/3 each
    // -> 30000.3 / 3333.37 ×3 / 60000.6, floors 99999, the two cents to the .6 and the first .37
    w_shaped: { a: 30_000, b: 3_334, c: 3_333, d: 3_333, e: 60_001 },
    // CW 22.5 over FT, LC, OC, middle (+5.625 each): a 28.125, e 56.25, b c d 15.625/3 each
    // -> 28125.28 / 5208.39 ×3 / 56250.56, floors 99999, the two cents to the .56 and the first .39
    full_path: { a: 28_125, b: 5_209, c: 5_208, d: 5_208, e: 56_251 },
    // 1, 2, 4, 8, 16 parts of 31 -> 3225.84 / 6451.68 / 12903.35 / 25806.71 / 51613.42,
    // floors 99998, the three cents to the .84, .71 and .68
    time_decay: { a: 3_226, b: 6_452, c: 12_903, d: 25_807, e: 51_613 },
  })
})

describe('Given a deal with five touches, two of them between creation and win, When 1000.01 is attributed under full_path', () => {
  const touches = [
    touch('a', 20), // FT
    touch('b', 10, 'page_view'), // middle
    touch('c', 0, 'form_fill'), // LC and OC
    touch('d', -10, 'sales_meeting'), // middle
    touch('e', -20, 'sales_call'), // CW: the last touch before the win 30 days after creation
  ]

  it('Then, won, every position has a touch: a 22.5, b 5, c 45, d 5, e 22.5', () => {
    // 22500.225 / 5000.05 / 45000.45 / 5000.05 / 22500.225: floors 100000, the leftover cent to the .45
    expect(centsByTouch('full_path', wonDeal, touches, 100_001)).toEqual({
      a: 22_500,
      b: 5_000,
      c: 45_001,
      d: 5_000,
      e: 22_500,
    })
  })

  it('Then, open, the journey ends at the creation and CW 22.5 goes to FT, LC, OC, middle: a 28.125, b 15.625, c 56.25', () => {
    // 28125.28 / 15625.16 / 56250.56: floors 100000, the leftover cent to the .56
    expect(centsByTouch('full_path', openDeal, touches, 100_001)).toEqual({ a: 28_125, b: 15_625, c: 56_251 })
  })
})

describe('Given touches that all lie outside the window', () => {
  const touches = [touch('a', 400), touch('b', -1)]

  it.each(attributionModels)('When attributed under %s, Then there are no credits and the deal is unattributed', (model) => {
    expect(attribute(model, openDeal, touches, 1000, options)).toEqual([])
  })
})

describe('Given a journey, When it is attributed, Then each credit names its touch, campaign, channel, milestones and share', () => {
  it('under u_shaped: a holds FT + LC (80), b is the middle touch (20)', () => {
    const credits = attribute('u_shaped', wonDeal, [touch('a', 14, 'form_fill'), touch('b', 7)], 1000, options)

    expect(credits).toEqual([
      { touchId: 'a', campaignId: 'campaign-a', channel: 'web', milestones: ['FT', 'LC'], share: 0.8, cents: 800 },
      {
        touchId: 'b',
        campaignId: 'campaign-b',
        channel: 'paid_search',
        milestones: ['OC', 'CW'],
        share: 0.2,
        cents: 200,
      },
    ])
  })
})
