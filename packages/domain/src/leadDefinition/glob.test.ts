import { describe, expect, it } from 'vitest'
import { matchesPattern, patternProblem } from './glob.ts'

describe('patterns', () => {
  it.each([
    ['/pricing*', '/pricing', true],
    ['/pricing*', '/pricing/enterprise?plan=1', true],
    ['/pricing*', '/blog/pricing', false],
    ['*student*', 'Graduate Student', true],
    ['/product/?', '/product/a', true],
    ['/product/?', '/product/ab', false],
    ['/PRICING', '/pricing', true],
    ['/a.b', '/aXb', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['/demo', '/demo/video', false],
  ])('Given the pattern %s, When matched against %s, Then it is %s', (pattern, text, expected) => {
    expect(patternProblem(pattern)).toBeUndefined()
    expect(matchesPattern(pattern, text)).toBe(expected)
  })

  it.each(['', ' /pricing', '/{pricing,demo}', '/[a-z]', '/pricing\\'])(
    'Given the pattern %j, When checked, Then it is an invalid pattern',
    (pattern) => {
      expect(patternProblem(pattern)).toMatch(/^invalid pattern: /)
    },
  )

  it('Given a reserved character escaped, When checked and matched, Then it is a literal', () => {
    expect(patternProblem('/\\{id\\}')).toBeUndefined()
    expect(matchesPattern('/\\{id\\}', '/{id}')).toBe(true)
  })
})
