import { describe, expect, it } from 'vitest'
import { allocateCents } from './allocateCents.ts'
import { weighCustom } from './customModel.ts'
import { openDeal, options, touch, wonDeal } from '../testing/journeyFixtures.ts'
import { weigh } from './weigh.ts'
import type { SlotWeights } from './positionBased.ts'
import type { DealTimes, JourneyTouch } from './journey.ts'

/** touchId -> weight, so an expectation also says which touches are in the journey at all. */
function weightsByTouch(slots: SlotWeights, deal: DealTimes, touches: JourneyTouch[]): Record<string, number> {
  const weighted = weighCustom(slots, deal, touches, options)
  return Object.fromEntries(weighted.map(({ touch, weight }) => [touch.touchId, weight]))
}

describe('weighCustom', () => {
  it('Given the W-shaped percentages, When a won deal is weighed, Then it is exactly the built-in w_shaped', () => {
    const touches = [touch('a', 21), touch('b', 14, 'form_fill'), touch('c', 9), touch('d', 3), touch('e', -5)]
    const custom = { FT: 30, LC: 30, OC: 30, CW: 0, middle: 10 }

    expect(weighCustom(custom, wonDeal, touches, options)).toEqual(weigh('w_shaped', wonDeal, touches, options))
    expect(weighCustom(custom, openDeal, touches, options)).toEqual(weigh('w_shaped', openDeal, touches, options))
  })

  describe('Given a form fill 21 days before creation, an ad click 7 days before, and one 10 days after', () => {
    const touches = [touch('a', 21, 'form_fill'), touch('b', 7), touch('c', -10)]

    it('When a won deal is weighed FT 50, CW 50, Then the journey runs to the win and a (FT) and c (CW) halve it', () => {
      // b holds OC, which this model does not weigh, and middle weighs 0
      expect(weightsByTouch({ FT: 50, CW: 50 }, wonDeal, touches)).toEqual({ a: 0.5, b: 0, c: 0.5 })
    })

    it('When an open deal is weighed FT 50, CW 50, Then the journey ends at creation and CW is handed to FT', () => {
      // no CW touch: its 50 goes to the one weighted position that has a touch
      expect(weightsByTouch({ FT: 50, CW: 50 }, openDeal, touches)).toEqual({ a: 1, b: 0 })
    })
  })

  it('Given a model without CW, When a won deal is weighed, Then the journey still ends at creation', () => {
    // FT = a, OC = c, b is the only middle touch, no LC (no form fill, nobody identified); d is after creation
    const touches = [touch('a', 21), touch('b', 14, 'page_view'), touch('c', 7), touch('d', -5)]

    const weighted = weighCustom({ FT: 20, OC: 60, middle: 20 }, wonDeal, touches, options)

    expect(weighted.map(({ touch, weight }) => [touch.touchId, weight])).toEqual([
      ['a', 0.2],
      ['b', 0.2],
      ['c', 0.6],
    ])
    // 1000.01 -> 20000.2 / 20000.2 / 60000.6 cents: floors 100000, the last cent to the .6
    expect(allocateCents(100_001, weighted.map(({ weight }) => weight))).toEqual([20_000, 20_000, 60_001])
  })

  it('Given FT 40, CW 40, middle 20 on a won deal, When weighed, Then the unweighted LC and OC touches are middle', () => {
    // a = FT (and LC, not weighed); b and c (OC, not weighed) are middle: 10 each; e, after creation, is CW
    const touches = [touch('a', 21, 'form_fill'), touch('b', 14), touch('c', 7), touch('e', -10)]

    const weights = weightsByTouch({ FT: 40, CW: 40, middle: 20 }, wonDeal, touches)

    expect(weights).toEqual({ a: 0.4, b: 0.1, c: 0.1, e: 0.4 })
  })

  it('Given no touch in the window, When weighed, Then nothing is returned and the deal is unattributed', () => {
    expect(weighCustom({ FT: 100 }, openDeal, [touch('late', -1)], options)).toEqual([])
  })

  describe('Given FT 20, LC 20, MQL 20, OC 30, middle 10 and a journey a (FT), b (LC, form fill), c, d (OC)', () => {
    const weights = { FT: 20, LC: 20, MQL: 20, OC: 30, middle: 10 }
    const touches = [touch('a', 21), touch('b', 14, 'form_fill'), touch('c', 9), touch('d', 3)]

    it('When the lead qualified at c, Then c earns MQL and nothing is left for the middle', () => {
      // a 20, b 20, c 20, d 30; no middle touch: its 10 is shared by the four taken positions, 2.5 each
      const qualified = { ...openDeal, mqlAt: touches[2]!.occurredAt }

      expect(weightsByTouch(weights, qualified, touches)).toEqual({ a: 0.225, b: 0.225, c: 0.225, d: 0.325 })
    })

    it('When no one on the deal ever qualified, Then MQL is untaken and c is the middle touch', () => {
      // a 20, b 20, c middle 10, d 30; MQL's 20 is shared by the four taken positions (FT, LC, OC, middle), 5 each
      expect(weightsByTouch(weights, openDeal, touches)).toEqual({ a: 0.25, b: 0.25, c: 0.15, d: 0.35 })
    })
  })
})
