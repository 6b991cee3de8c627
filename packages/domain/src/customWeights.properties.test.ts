import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCustomWeights, parseCustomWeightsQuery, slotNames, type CustomWeightsParse } from './customWeights.ts'

const numRuns = 500

/** What every answer must be: six percentages from 0 to 100 summing to 100, or errors that each say where and why. */
function expectAnswer(parsed: CustomWeightsParse, maxErrors: number): void {
  if (parsed.ok) {
    const percentages = slotNames.map((slot) => parsed.weights[slot])
    expect(percentages.every((percent) => percent >= 0 && percent <= 100)).toBe(true)
    expect(Math.abs(percentages.reduce((sum, percent) => sum + percent, 0) - 100)).toBeLessThanOrEqual(1e-9)
    return
  }
  expect(parsed.errors.length).toBeGreaterThan(0)
  expect(parsed.errors.length).toBeLessThanOrEqual(maxErrors)
  for (const error of parsed.errors) expect(error).toEqual({ path: expect.any(String), message: expect.stringMatching(/\S/) })
}

const slotKey = fc.constantFrom(...slotNames, ...slotNames.map((slot) => slot.toLowerCase()), 'first', '__proto__', '')
const percent = fc.oneof(fc.double(), fc.integer({ min: -10, max: 110 }), fc.constantFrom('30', null, true, [30], {}))
const queryPart = fc.oneof(
  fc.tuple(slotKey, fc.oneof(fc.nat(120).map(String), fc.constantFrom('12.5', '.5', '5.', '-5', '1e2', '', '1:2'))).map(([key, value]) => `${key}:${value}`),
  fc.string({ maxLength: 6 }),
)

describe('custom weights answer every input, never with an exception', () => {
  it('in the query-string form, for arbitrary text and for text made of plausible parts', () => {
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.array(queryPart, { maxLength: 12 }).map((parts) => parts.join(',')))
    fc.assert(
      fc.property(text, (text) => {
        // At most one error per part, and a text of at most 256 characters has at most 129 parts.
        expectAnswer(parseCustomWeightsQuery(text), 129)
      }),
      { numRuns },
    )
  })

  it('in the object form, for arbitrary values and for objects of plausible keys', () => {
    const input = fc.oneof(fc.anything(), fc.dictionary(slotKey, percent, { maxKeys: 8 }))
    fc.assert(
      fc.property(input, (input) => {
        expectAnswer(parseCustomWeights(input), slotNames.length)
      }),
      { numRuns },
    )
  })
})
