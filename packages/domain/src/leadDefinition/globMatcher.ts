/**
 * Compiles a pattern (see glob.ts) into a matcher whose time is linear in the text for a given pattern, whatever the
 * pattern. A pattern with at most one star is one RegExp, as patterns always were: it can only backtrack over its one
 * `.*`, trying the rest of the pattern at each place, so it takes at most text length × pattern length steps. With two
 * stars or more one RegExp can take exponential time (`*a*a*a*ab` on a long run of `a`s hung the projector), and a
 * replay applies every pattern to every touch.
 *
 * Those patterns are split at their stars into segments: `/a*b?*c` is `/a`, `b?` and `c`. A segment has no star, so
 * it matches a fixed number of code points (a literal one, `?` one), and a RegExp of a single segment cannot
 * backtrack: at each place it is tried it matches straight through or fails, so searching a text for it takes at
 * most text length × segment length steps. The whole pattern matches when the first segment matches at the start,
 * the last one at the end, and the ones between occur in order, without overlapping, in the text between. Taking
 * each middle segment at its leftmost occurrence is exact: with every segment of fixed length, the leftmost
 * occurrence also ends earliest, which leaves the most room for the segments after it.
 *
 * Every RegExp has the flags patterns always had (`isu`), so what a character matches is exactly what it matched
 * before: case folded the way RegExp folds it (`K` matches `k` and the Kelvin sign `K`, `ſ` matches `s`), `?` one code
 * point (an emoji is one), `?` and `*` also a line break.
 */

interface Segment {
  /** The RegExp source of the segment's characters. */
  source: string
  /** How many code points it matches. */
  length: number
}

/** What matches texts: for patterns with at most one star, the RegExp itself. */
export interface Matcher {
  test(text: string): boolean
}

/** The matcher of a valid pattern (definitions are checked when parsed: see patternProblem). */
export function compileGlob(pattern: string): Matcher {
  const segments = segmentsOf(pattern)
  const [first, ...middles] = segments
  const last = middles.pop()
  if (first === undefined || last === undefined || middles.length === 0) {
    return new RegExp(`^${segments.map((segment) => segment.source).join('.*')}$`, 'isu')
  }
  // Global (g): finds the leftmost match from lastIndex on. Sticky (y): matches only at lastIndex.
  const head = new RegExp(`^(?:${first.source})`, 'isu')
  const searches = middles.filter((segment) => segment.length > 0).map((segment) => new RegExp(segment.source, 'gisu'))
  const tail = new RegExp(`(?:${last.source})$`, 'isuy')
  // `*demo*` has neither head nor tail: their tests are skipped rather than run on nothing.
  const test = (text: string) => {
    if (first.length > 0 && !head.test(text)) return false
    let position = codePointsFrom(text, 0, first.length)
    for (const search of searches) {
      search.lastIndex = position
      if (!search.test(text)) return false
      position = search.lastIndex
    }
    if (last.length === 0) return true
    const tailStart = codePointsFrom(text, text.length, -last.length)
    if (tailStart < position) return false
    tail.lastIndex = tailStart
    return tail.test(text)
  }
  return { test }
}

/** The pattern's segments between its stars, read by code point as the RegExp flag `u` reads them. */
function segmentsOf(pattern: string): Segment[] {
  const characters = [...pattern]
  const segments: Segment[] = []
  let segment: Segment = { source: '', length: 0 }
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index] as string
    if (character === '*') {
      segments.push(segment)
      segment = { source: '', length: 0 }
      continue
    }
    // A trailing lone `\` (refused by patternProblem) stands for itself.
    const literal = character === '\\' ? (characters[++index] ?? '\\') : character
    segment.source += character === '?' ? '.' : escaped(literal)
    segment.length++
  }
  segments.push(segment)
  return segments
}

function escaped(character: string): string {
  return /[\\^$.*+?()[\]{}|/]/u.test(character) ? `\\${character}` : character
}

/**
 * The index `count` code points after `index` (before it, for a negative count), or -1 past the start of `text`. A
 * surrogate pair is one code point, a lone surrogate another, as RegExp's `u` flag counts them.
 */
function codePointsFrom(text: string, index: number, count: number): number {
  let at = index
  for (let step = 0; step < count; step++) {
    at += isHighSurrogate(text.charCodeAt(at)) && isLowSurrogate(text.charCodeAt(at + 1)) ? 2 : 1
  }
  for (let step = 0; step > count; step--) {
    if (at === 0) return -1
    at -= isLowSurrogate(text.charCodeAt(at - 1)) && isHighSurrogate(text.charCodeAt(at - 2)) ? 2 : 1
  }
  return at
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff
