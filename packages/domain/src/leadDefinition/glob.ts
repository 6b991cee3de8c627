/**
 * The patterns of a lead definition (`/pricing*`, `*student*`): `*` stands for any run of characters (also none, also
 * `/`), `?` for exactly one, `\` makes the next character literal. Everything else is literal, compared ignoring case,
 * against the whole text. `[`, `]`, `{` and `}` are reserved, so a pattern written for a richer glob dialect
 * (`/{pricing,demo}`) is refused instead of silently matching nothing; a list of patterns says "any of" instead.
 */

import { compileGlob, type Matcher } from './globMatcher.ts'
import { maxPatternLength, maxPatternStars } from './limits.ts'
import { unstorableCharacter } from './storableText.ts'

/** Why a pattern is invalid, or undefined when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'invalid pattern: must not be empty'
  if (pattern.length > maxPatternLength) return `invalid pattern: must be at most ${maxPatternLength} characters`
  if (pattern !== pattern.trim()) return 'invalid pattern: must not start or end with whitespace'
  let stars = 0
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]
    if (char === '\\') {
      if (index === pattern.length - 1) return 'invalid pattern: ends with a lone \\'
      index++
    } else if (char === '*') {
      stars++
    } else if (char === '[' || char === ']' || char === '{' || char === '}') {
      const advice = `escape it as \\${char}, or list alternatives as separate patterns`
      return `invalid pattern: '${char}' is reserved (${advice})`
    }
  }
  if (stars > maxPatternStars) return `invalid pattern: has ${stars} '*'; at most ${maxPatternStars} are allowed`
  // Also what the matcher relies on: a valid pattern is whole characters (compileGlob counts code points).
  const unstorable = unstorableCharacter(pattern)
  return unstorable === undefined ? undefined : `invalid pattern: ${unstorable.message}`
}

/** Whether `text` matches `pattern` (a valid one: definitions are checked when parsed). */
export function matchesPattern(pattern: string, text: string): boolean {
  const regExp = regExps.get(pattern)
  if (regExp !== undefined) return regExp.test(text)
  let matcher = matchers.get(pattern)
  if (matcher === undefined) {
    // Far more patterns than the definitions being projected hold: starting over only costs compiling them again.
    if (regExps.size + matchers.size >= maxCachedPatterns) [regExps, matchers].forEach((cache) => cache.clear())
    matcher = compileGlob(pattern)
    if (matcher instanceof RegExp) regExps.set(pattern, matcher)
    else matchers.set(pattern, matcher)
  }
  return matcher.test(text)
}

// Definitions are applied to every touch of every person in a replay: compile each pattern once. The RegExps are
// kept apart so that the call for the most common patterns only ever sees a RegExp, which V8 makes fastest (a few
// nanoseconds of twenty).
const regExps = new Map<string, RegExp>()
const matchers = new Map<string, Matcher>()
const maxCachedPatterns = 10_000
