import { describe, expect, it } from 'vitest'
import { parseCustomWeights, parseCustomWeightsQuery, sameWeights } from './customWeights.ts'

const wShaped = { FT: 30, LC: 30, MQL: 0, OC: 30, CW: 0, middle: 10 }

describe('parseCustomWeights', () => {
  it('Given the W-shaped percentages without CW, When parsed, Then the missing CW weighs 0', () => {
    expect(parseCustomWeights({ FT: 30, LC: 30, OC: 30, middle: 10 })).toEqual({ ok: true, weights: wShaped })
  })

  it('Given thirds written as 100 / 3, When parsed, Then they count as summing to 100', () => {
    const third = 100 / 3

    expect(parseCustomWeights({ FT: third, OC: third, CW: third })).toEqual({
      ok: true,
      weights: { FT: third, LC: 0, MQL: 0, OC: third, CW: third, middle: 0 },
    })
  })

  it('Given percentages summing to 90, When parsed, Then the error names the fields given and the sum', () => {
    expect(parseCustomWeights({ FT: 30, LC: 30, OC: 30 })).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: 'FT + LC + MQL + OC + CW + middle must sum to 100 percent, got 90: FT 30 + LC 30 + OC 30 = 90 (a missing slot counts 0)',
        },
      ],
    })
  })

  it('Given a sum off by more than 1e-9, When parsed, Then it is refused', () => {
    expect(parseCustomWeights({ FT: 50, LC: 50 + 1e-8 }).ok).toBe(false)
  })

  it('Given an empty object, When parsed, Then it is refused as summing to 0', () => {
    expect(parseCustomWeights({})).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: 'FT + LC + MQL + OC + CW + middle must sum to 100 percent, got 0: nothing was given (a missing slot counts 0)',
        },
      ],
    })
  })

  it('Given bad values and unknown keys, When parsed, Then every problem is named by its field', () => {
    const input = { FT: -10, LC: '30', OC: Number.POSITIVE_INFINITY, ft: 40, first: 1, middle: null }

    expect(parseCustomWeights(input)).toEqual({
      ok: false,
      errors: [
        { path: 'FT', message: 'must be a number of percent from 0 to 100, got -10' },
        { path: 'LC', message: 'must be a number of percent, got the string "30"' },
        { path: 'OC', message: 'must be a number of percent from 0 to 100, got Infinity' },
        { path: 'ft', message: 'is not a position; use FT, LC, MQL, OC, CW or middle (keys are case-sensitive here: FT)' },
        { path: 'first', message: 'is not a position; use FT, LC, MQL, OC, CW or middle' },
        { path: 'middle', message: 'must be a number of percent, got null' },
      ],
    })
  })

  it('Given more than 100 percent on a slot, When parsed, Then that slot is refused, not only the sum', () => {
    expect(parseCustomWeights({ FT: 150, LC: -50, CW: 1e308 })).toEqual({
      ok: false,
      errors: [
        { path: 'FT', message: 'must be a number of percent from 0 to 100, got 150' },
        { path: 'LC', message: 'must be a number of percent from 0 to 100, got -50' },
        { path: 'CW', message: 'must be a number of percent from 0 to 100, got 1e+308' },
      ],
    })
  })

  it('Given more keys than the six slots, When parsed, Then one error says so, however many keys', () => {
    const many = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`k${index}`, 1]))
    const started = performance.now()

    expect(parseCustomWeights(many)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'has 100000 keys; give percentages for at most FT, LC, MQL, OC, CW or middle' }],
    })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('Given a long text where a percentage belongs, When parsed, Then the error quotes only its start', () => {
    expect(parseCustomWeights({ FT: 'x'.repeat(100_000) })).toEqual({
      ok: false,
      errors: [{ path: 'FT', message: `must be a number of percent, got the string "${'x'.repeat(40)}…"` }],
    })
  })

  it.each([null, 'ft:100', [100], 100])('Given %j, When parsed, Then it is refused as not an object', (input) => {
    expect(parseCustomWeights(input)).toEqual({
      ok: false,
      errors: [
        { path: '', message: 'must be an object of percentages such as { FT: 30, LC: 30, OC: 30, middle: 10 }' },
      ],
    })
  })
})

describe('parseCustomWeightsQuery', () => {
  it('Given ft:30,lc:30,oc:30,middle:10, When parsed, Then it is W-shaped', () => {
    expect(parseCustomWeightsQuery('ft:30,lc:30,oc:30,middle:10')).toEqual({ ok: true, weights: wShaped })
  })

  it('Given mixed-case keys, spaces and decimals, When parsed, Then they are read alike', () => {
    expect(parseCustomWeightsQuery(' FT: 22.5, Lc :22.5,oC:22.5 ,cw:22.5,MIDDLE:10 ')).toEqual({
      ok: true,
      weights: { FT: 22.5, LC: 22.5, MQL: 0, OC: 22.5, CW: 22.5, middle: 10 },
    })
  })

  it('Given bad parts, When parsed, Then each error points at its part by index and quotes it', () => {
    expect(parseCustomWeightsQuery('ft:30,lc30,xx:10,ft:20,oc:-5,cw:abc,,middle:1:2')).toEqual({
      ok: false,
      errors: [
        { path: '[1]', message: '"lc30" must be slot:percent, such as ft:30' },
        { path: '[2]', message: '"xx:10" names no position: "xx"; use ft, lc, mql, oc, cw or middle' },
        { path: '[3]', message: '"ft:20" gives FT again; part 1 already did' },
        { path: '[4]', message: '"oc:-5": "-5" is not a non-negative decimal number of percent' },
        { path: '[5]', message: '"cw:abc": "abc" is not a non-negative decimal number of percent' },
        { path: '[6]', message: 'part 7 is empty (a stray comma?)' },
        { path: '[7]', message: '"middle:1:2": "1:2" is not a non-negative decimal number of percent' },
      ],
    })
  })

  it('Given well-formed parts summing to 110, When parsed, Then the error names them and the sum', () => {
    expect(parseCustomWeightsQuery('ft:50,lc:60')).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: 'FT + LC + MQL + OC + CW + middle must sum to 100 percent, got 110: FT 50 + LC 60 = 110 (a missing slot counts 0)',
        },
      ],
    })
  })

  it('Given a part over 100 percent, When parsed, Then that part is refused', () => {
    expect(parseCustomWeightsQuery(`ft:150,cw:${'9'.repeat(200)}`)).toEqual({
      ok: false,
      errors: [
        { path: '[0]', message: '"ft:150": 150 is more than 100 percent' },
        { path: '[1]', message: `"cw:${'9'.repeat(200)}": ${'9'.repeat(200)} is more than 100 percent` },
      ],
    })
  })

  it.each([
    ['a million commas', ','.repeat(1_000_000)],
    ['257 characters', `ft:100${' '.repeat(251)}`],
  ])('Given %s, When parsed, Then the length alone is refused', (_, text) => {
    const started = performance.now()

    expect(parseCustomWeightsQuery(text)).toEqual({
      ok: false,
      errors: [{ path: '', message: `is ${text.length} characters long; percentages such as ft:30,lc:30,oc:30,middle:10 take at most 256` }],
    })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it.each(['', '   '])('Given the empty value %j, When parsed, Then it is refused with an example', (text) => {
    expect(parseCustomWeightsQuery(text)).toEqual({
      ok: false,
      errors: [{ path: '', message: 'is empty; give percentages such as ft:30,lc:30,oc:30,middle:10' }],
    })
  })

  it('Given the same weights as an object and as a query, When parsed, Then both agree', () => {
    expect(parseCustomWeightsQuery('oc:100')).toEqual(parseCustomWeights({ OC: 100 }))
  })

  it('Given weights written two ways, When compared, Then they are the same model only if every position weighs alike', () => {
    const weights = (parse: ReturnType<typeof parseCustomWeights>) => {
      if (!parse.ok) throw new Error(JSON.stringify(parse.errors))
      return parse.weights
    }
    const saved = weights(parseCustomWeights({ FT: 30, LC: 30, OC: 30, middle: 10 }))
    expect(sameWeights(saved, weights(parseCustomWeightsQuery('middle:10, oc:30,lc:30,ft:30')))).toBe(true)
    expect(sameWeights(saved, weights(parseCustomWeightsQuery('ft:30,lc:30,oc:30,cw:10')))).toBe(false)
  })
})
