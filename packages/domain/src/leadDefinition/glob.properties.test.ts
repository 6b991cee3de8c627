import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { matchesPattern, patternProblem } from './glob.ts'

const numRuns = 1000
// Thousands of runs take seconds on a busy machine; the time bounds that matter are asserted below, not by vitest.
const timeout = 60_000

/**
 * The oracle: how patterns were matched before, one backtracking RegExp for the whole pattern (exponential on
 * `*a*a*a*ab`, so only ever run here, on short texts). The matcher must agree with it on every valid pattern.
 */
function oracle(pattern: string): RegExp {
  let source = ''
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? ''
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else if (char === '\\') source += escaped(pattern[++index] ?? '')
    else source += escaped(char)
  }
  return new RegExp(`^${source}$`, 'isu')
}

function escaped(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/u.test(char) ? `\\${char}` : char
}

/**
 * Characters where ignoring case is subtle (the Kelvin sign folds to k, long s to s, final sigma to sigma, dotted and
 * dotless i fold to nothing else, ß and ẞ to each other), characters outside the BMP (one code point, two UTF-16
 * units; Deseret has case), line breaks, and the characters RegExp would read as syntax.
 */
const letters = [
  'a', 'b', 'A', 'B', 'k', 'K', '\u212a', 's', 'S', '\u017f', 'ß', '\u1e9e', 'σ', 'Σ', 'ς', 'i', 'I', 'İ', 'ı',
  '\u{10400}', '\u{10428}', '😀', '\n', '\r', '/', '.', '-', '+', '(', ')', '|', '^', '$', '?', '*', '\\', ' ',
]
const patternToken = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...letters.filter((letter) => !'*?\\'.includes(letter))) },
  { weight: 3, arbitrary: fc.constant('*') },
  { weight: 2, arbitrary: fc.constant('?') },
  { weight: 1, arbitrary: fc.constantFrom('\\*', '\\?', '\\\\', '\\[', '\\{', '\\}', '\\]', '\\a', '\\😀') },
)
const pattern = fc
  .array(patternToken, { minLength: 1, maxLength: 12 })
  .map((tokens) => tokens.join(''))
  .filter((candidate) => patternProblem(candidate) === undefined)

// Lone surrogates too: touches come from many sources, and the oracle counts each as one code point.
const textCharacter = fc.constantFrom(...letters, '\ud83d', '\ude00', '\ud801')
const randomText = fc.array(textCharacter, { maxLength: 16 }).map((characters) => characters.join(''))

/** A text the pattern should match, most of the time: stars filled in, `?` replaced, case flipped here and there. */
function textLike(pattern: string): fc.Arbitrary<string> {
  const parts = [...pattern]
  return fc
    .tuple(
      fc.array(randomText, { minLength: parts.length, maxLength: parts.length }),
      fc.array(fc.constantFrom('keep', 'upper', 'lower', 'drop'), { minLength: parts.length, maxLength: parts.length }),
    )
    .map(([fillings, changes]) =>
      parts
        .map((part, index) => {
          if (part === '*' || part === '?') return part === '*' ? fillings[index] : [...(fillings[index] ?? '')][0] ?? 'x'
          const change = changes[index]
          return change === 'upper' ? part.toUpperCase() : change === 'lower' ? part.toLowerCase() : change === 'drop' ? '' : part
        })
        .join(''),
    )
}

describe('pattern matching agrees with the RegExp it replaces', () => {
  it('on random valid patterns and random texts', () => {
    fc.assert(
      fc.property(pattern, randomText, (pattern, text) => {
        expect(matchesPattern(pattern, text)).toBe(oracle(pattern).test(text))
      }),
      { numRuns },
    )
  }, timeout)

  it('on random valid patterns and texts made to nearly match them', () => {
    const patternAndText = pattern.chain((pattern) => fc.tuple(fc.constant(pattern), textLike(pattern)))
    fc.assert(
      fc.property(patternAndText, ([pattern, text]) => {
        expect(matchesPattern(pattern, text)).toBe(oracle(pattern).test(text))
      }),
      { numRuns },
    )
  }, timeout)

  it('on texts made to match, which it does', () => {
    // Only stars and ? filled in, case kept: a sanity check that the generator above makes matches, not only misses.
    const exact = pattern.chain((pattern) =>
      fc.tuple(
        fc.constant(pattern),
        fc.array(randomText, { minLength: pattern.length, maxLength: pattern.length }).map((fillings) => {
          let text = ''
          const parts = [...pattern]
          for (let index = 0; index < parts.length; index++) {
            const part = parts[index] as string
            if (part === '\\') text += parts[++index] ?? ''
            else if (part === '*') text += fillings[index] ?? ''
            else if (part === '?') text += 'x'
            else text += part
          }
          return text
        }),
      ),
    )
    fc.assert(
      fc.property(exact, ([pattern, text]) => {
        expect(matchesPattern(pattern, text)).toBe(true)
        expect(oracle(pattern).test(text)).toBe(true)
      }),
      { numRuns },
    )
  }, timeout)
})

describe('pattern matching takes time linear in the text', () => {
  /** The time of one match, the matcher compiled first (compiling is once per pattern, not per touch). */
  function msToMatch(pattern: string, text: string): { matched: boolean; ms: number } {
    matchesPattern(pattern, '')
    const started = performance.now()
    const matched = matchesPattern(pattern, text)
    return { matched, ms: performance.now() - started }
  }

  it('Given the probe *a*a*a*a*a*ab and 2,048 a, When matched, Then it answers no in milliseconds', () => {
    const { matched, ms } = msToMatch('*a*a*a*a*a*ab', 'a'.repeat(2048))

    expect(matched).toBe(false)
    expect(ms).toBeLessThan(50)
  })

  it.each([
    ['*a'.repeat(100) + 'b', 'a'.repeat(10_000), false],
    ['*a'.repeat(100) + '*', 'a'.repeat(10_000), true],
    ['*a?'.repeat(100) + 'b', 'a'.repeat(10_000), false],
    ['*?'.repeat(100) + 'b', 'a'.repeat(10_000), false],
    ['*ab'.repeat(100) + '*', 'a'.repeat(9_999) + 'b', false],
    ['*' + 'a'.repeat(150) + 'b*', 'a'.repeat(10_000), false],
    ['a' + '*a'.repeat(99) + '*', 'A'.repeat(10_000), true],
    // One star is one RegExp, as before: it backtracks over its one .* only.
    ['*' + 'a'.repeat(200) + 'b', 'a'.repeat(10_000), false],
    ['a'.repeat(100) + '*' + 'a'.repeat(100) + 'b', 'a'.repeat(10_000), false],
  ])('Given a pattern of up to 100 stars and a text of 10,000 characters, When matched, Then it answers in milliseconds (%#)', (pattern, text, expected) => {
    const { matched, ms } = msToMatch(pattern, text)

    expect(matched).toBe(expected)
    expect(ms).toBeLessThan(50)
  })

  it('Given 10,000 stars, as definitions could hold before patterns were bounded, When matched, Then it answers at once', () => {
    const { matched, ms } = msToMatch(`${'*'.repeat(10_000)}b`, 'a'.repeat(10_000))

    expect(matched).toBe(false)
    expect(ms).toBeLessThan(50)
  })
})
