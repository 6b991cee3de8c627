import { describe, expect, it } from 'vitest'
import { validateLeadDefinition } from './schema.ts'

describe('the limits of a definition', () => {
  const valid = {
    id: 'limits',
    version: 1,
    name: 'Limits',
    behaviour: [{ name: 'demo', points: 50, match: { content: '/demo*' }, halfLifeDays: 30, cap: 100 }],
    fit: [{ name: 'vp', points: -20, subject: 'person', attribute: 'seniority', equals: 'VP' }],
    mql: { threshold: 50 },
    recycle: { noFollowUpDays: 14, afterRejectionDays: 60 },
    slaHours: 24,
  }
  const withRule = (list: 'behaviour' | 'fit', changes: object) => ({ ...valid, [list]: [{ ...valid[list][0], ...changes }] })

  it('Given every number at its largest, When validated, Then the definition is accepted', () => {
    const largest = {
      ...withRule('behaviour', { points: 1_000_000, halfLifeDays: 3650, cap: 1_000_000 }),
      version: 2_147_483_647,
      mql: { threshold: 1_000_000 },
      recycle: { noFollowUpDays: 3650, afterRejectionDays: 3650 },
      slaHours: 87_600,
    }

    expect(validateLeadDefinition(largest).ok).toBe(true)
    expect(validateLeadDefinition(withRule('fit', { points: -1_000_000 })).ok).toBe(true)
  })

  it.each([
    ['version', { ...valid, version: 4_294_967_297 }, 'must be at most 2147483647'],
    ['version', { ...valid, version: 2_147_483_648 }, 'must be at most 2147483647'],
    ['slaHours', { ...valid, slaHours: 87_601 }, 'must be at most 87600 (10 years)'],
    ['recycle.noFollowUpDays', { ...valid, recycle: { noFollowUpDays: 3651 } }, 'must be at most 3650 (10 years)'],
    ['recycle.afterRejectionDays', { ...valid, recycle: { afterRejectionDays: 1e300 } }, 'must be at most 3650 (10 years)'],
    ['behaviour[0].halfLifeDays', withRule('behaviour', { halfLifeDays: 3651 }), 'must be at most 3650 (10 years)'],
    ['behaviour[0].points', withRule('behaviour', { points: 1_000_001 }), 'must be at most 1000000'],
    ['behaviour[0].cap', withRule('behaviour', { cap: 1e308 }), 'must be at most 1000000'],
    ['fit[0].points', withRule('fit', { points: -1e9 }), 'must be at least -1000000'],
    ['mql.threshold', { ...valid, mql: { threshold: 1e21 } }, 'must be at most 1000000'],
    ['mql.requireFit', { ...valid, mql: { threshold: 5, requireFit: Array(501).fill('vp') } }, 'must have at most 500 entries'],
    ['name', { ...valid, name: 'Limits\u0000' }, 'must not contain the NUL character (U+0000)'],
    ['description', { ...valid, description: 'half \ud83d' }, 'must not contain a lone UTF-16 surrogate (U+D83D, half of a character)'],
    ['fit[0].equals', withRule('fit', { equals: 'V\u0000P' }), 'must not contain the NUL character (U+0000)'],
    ['behaviour[0].match.content[1]', withRule('behaviour', { match: { content: ['/a', '/\udc00'] } }), 'invalid pattern: must not contain a lone UTF-16 surrogate (U+DC00, half of a character)'],
  ])('Given %s out of bounds, When validated, Then it alone is refused', (path, definition, message) => {
    expect(validateLeadDefinition(definition)).toEqual({ ok: false, errors: [{ path, message }] })
  })

  it('Given patterns of more than 10,000 characters in all, When validated, Then the first one past it is refused', () => {
    const pattern = (index: number) => `/${String(index).padStart(3, '0')}${'x'.repeat(246)}*` // 251 characters
    const rules = Array.from({ length: 20 }, (_, rule) => ({
      name: `rule-${rule}`,
      points: 1,
      match: { content: [0, 1].map((entry) => pattern(rule * 2 + entry)) },
    }))

    // 39 patterns are 9,789 characters, the 40th brings them to 10,040.
    expect(validateLeadDefinition({ ...valid, behaviour: rules })).toEqual({
      ok: false,
      errors: [
        {
          path: 'behaviour[19].match.content[1]',
          message: 'brings the patterns of the definition past 10000 characters in all; use fewer or shorter patterns',
        },
      ],
    })
  })

  it('Given a value whose JSON text, as the API stores it, is over 100,000 characters, When validated, Then it is refused', () => {
    const values = Array.from({ length: 100 }, (_, index) => `${index}`.padEnd(1000, 'x'))
    const definition = withRule('fit', { equals: undefined, in: values })
    const stored = JSON.stringify(definition, null, 2)

    expect(stored.length).toBeGreaterThan(100_000)
    expect(validateLeadDefinition(definition)).toEqual({
      ok: false,
      errors: [{ path: '', message: `is ${stored.length} characters long; a definition may have at most 100000` }],
    })
  })

  it('Given a value nested 100,000 deep where a text belongs, When validated, Then it is refused without recursing into it', () => {
    let deep: unknown = 'VP'
    for (let depth = 0; depth < 100_000; depth++) deep = [deep]

    expect(validateLeadDefinition({ ...valid, description: deep })).toEqual({
      ok: false,
      errors: [{ path: 'description', message: 'must be a string' }],
    })
  })
})
