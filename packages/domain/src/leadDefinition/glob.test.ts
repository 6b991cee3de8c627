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
    ['*a*b*', 'xbxa', false],
    ['a*b*a', 'aba', true],
    ['ab*ba', 'aba', false],
    ['k', '\u212a', true],
    ['ſ', 'S', true],
    ['ß', 'SS', false],
    ['Σ', 'ς', true],
    ['?', '😀', true],
    ['??', '😀', false],
    ['*', 'two\nlines', true],
  ])('Given the pattern %s, When matched against %s, Then it is %s', (pattern, text, expected) => {
    expect(patternProblem(pattern)).toBeUndefined()
    expect(matchesPattern(pattern, text)).toBe(expected)
  })

  it.each([
    ['', 'must not be empty'],
    [' /pricing', 'must not start or end with whitespace'],
    ['/{pricing,demo}', "'{' is reserved (escape it as \\{, or list alternatives as separate patterns)"],
    ['/[a-z]', "'[' is reserved (escape it as \\[, or list alternatives as separate patterns)"],
    ['/pricing\\', 'ends with a lone \\'],
    [`/${'a'.repeat(256)}`, 'must be at most 256 characters'],
    ['*a'.repeat(17), "has 17 '*'; at most 16 are allowed"],
    ['/a\u0000', 'must not contain the NUL character (U+0000)'],
    ['/\ud83d', 'must not contain a lone UTF-16 surrogate (U+D83D, half of a character)'],
  ])('Given the pattern %j, When checked, Then it is invalid: %s', (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(`invalid pattern: ${problem}`)
  })

  it('Given 16 stars, escaped stars and 256 characters, When checked, Then the pattern is within its limits', () => {
    expect(patternProblem(`${'*a'.repeat(16)}\\*${'b'.repeat(222)}`)).toBeUndefined()
  })

  it('Given a reserved character escaped, When checked and matched, Then it is a literal', () => {
    expect(patternProblem('/\\{id\\}')).toBeUndefined()
    expect(matchesPattern('/\\{id\\}', '/{id}')).toBe(true)
  })
})
