import { describe, expect, it } from 'vitest'
import { trainingDue } from './trainModels.ts'

describe('when markov and shapley are trained again', () => {
  it('trains first once there are events', () => {
    expect(trainingDue(undefined, 0, 0.1)).toBe(false)
    expect(trainingDue(undefined, 1, 0.1)).toBe(true)
  })

  it('trains again once history has grown by the fraction, and never twice on the same events', () => {
    expect(trainingDue(1_000, 1_099, 0.1)).toBe(false)
    expect(trainingDue(1_000, 1_100, 0.1)).toBe(true)
    expect(trainingDue(1_000, 1_000, 0)).toBe(false)
    expect(trainingDue(1_000, 1_001, 0)).toBe(true)
    expect(trainingDue(1_000, 10_000_000, Number.POSITIVE_INFINITY)).toBe(false)
  })
})
