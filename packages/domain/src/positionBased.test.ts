import { describe, expect, it } from 'vitest'
import { positionBasedWeights } from './positionBased.ts'

// The built-in models are checked in cents in attribute.test.ts; these cover what a custom model could ask for.
describe('positionBasedWeights', () => {
  it('Given slots that do not sum to 100, When weighed, Then they count relative to their sum', () => {
    expect(positionBasedWeights({ FT: 3, OC: 1 }, [['FT'], ['OC']])).toEqual([0.75, 0.25])
  })

  it('Given middle touches, When weighed, Then they split the middle slot evenly', () => {
    const sixth = expect.closeTo(1 / 6, 12)

    const weights = positionBasedWeights({ FT: 50, middle: 50 }, [['FT'], [], ['LC'], ['OC']])

    expect(weights).toEqual([0.5, sixth, sixth, sixth])
  })

  it('Given only slots that no touch holds, When weighed, Then every touch is weighed alike rather than none', () => {
    expect(positionBasedWeights({ CW: 100 }, [['FT'], ['LC', 'OC']])).toEqual([0.5, 0.5])
  })

  it('Given a milestone on two touches, When weighed, Then it is refused: milestonesOf puts each on one touch at most', () => {
    expect(() => positionBasedWeights({ FT: 50, OC: 50 }, [['FT'], ['FT', 'OC']])).toThrow(/one touch at most/)
  })

  it.each([{}, { FT: 0 }, { FT: -10, LC: 110 }, { FT: Number.NaN }])(
    'Given the slot weights %j, When weighed, Then they are refused',
    (slots) => {
      expect(() => positionBasedWeights(slots, [['FT']])).toThrow(RangeError)
    },
  )
})
