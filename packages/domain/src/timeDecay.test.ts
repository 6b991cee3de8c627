import { describe, expect, it } from 'vitest'
import { openDeal, options, touch } from '../testing/journeyFixtures.ts'
import { timeDecayWeights } from './timeDecay.ts'
import { weigh } from './weigh.ts'

describe('time_decay', () => {
  it('Given touches 14, 7 and 0 days before creation with a 7-day half-life, When weighed, Then they get 1/7, 2/7, 4/7', () => {
    const weights = weigh('time_decay', openDeal, [touch('a', 14), touch('b', 7), touch('c', 0)], options).map(
      ({ weight }) => weight,
    )

    expect(weights[0]).toBeCloseTo(1 / 7, 12)
    expect(weights[1]).toBeCloseTo(2 / 7, 12)
    expect(weights[2]).toBeCloseTo(4 / 7, 12)
  })

  it('Given a touch half a day before another with a 1-day half-life, When weighed, Then the ratio is 1 : √2', () => {
    const [older, newer] = timeDecayWeights([touch('a', 1.5), touch('b', 1)], 1)

    expect((newer ?? 0) / (older ?? 1)).toBeCloseTo(Math.SQRT2, 12)
  })

  it('Given a half-life far shorter than the gaps, When weighed, Then the old touches do not underflow the newest to NaN', () => {
    expect(timeDecayWeights([touch('a', 365), touch('b', 300)], 0.01)).toEqual([0, 1])
  })

  it.each([0, -7, Number.NaN])('Given a half-life of %s days, When weighed, Then it is refused', (halfLifeDays) => {
    expect(() => timeDecayWeights([touch('a', 1)], halfLifeDays)).toThrow(RangeError)
  })
})
