/**
 * Compiles a pattern (see glob.ts) into a matcher whose time is linear in the text for a given pattern, whatever the
 * pattern: one backtracking RegExp for `*a*a*a*ab` takes exponential time on a long run of `a`s, and a replay applies
 * every pattern to every touch.
 *
 * The pattern is split at its stars into segments: `/a*b?*c` is `/a`, `b?` and `c`. A segment has no star, so it
 * matches a fixed number of code points (a literal one, `?` one), and a RegExp of a single segment cannot backtrack:
 * at each place it is tried it either matches straight through or fails, so searching a text for it takes at most
 * text length × segment length steps. The whole pattern matches when the first segment matches at the start, the
 * last one at the end, and the ones between occur in order, without overlapping, in the text between. Taking each
 * middle segment at its leftmost occurrence is exact: with every segment of fixed length, the leftmost occurrence
 * also ends earliest, which leaves the most room for the segments after it.
 *
 * Each segment is still a RegExp with the flags the whole pattern used to have (`isu`), so what a character matches
 * is exactly what it matched before: case folded the way RegExp folds it (`K` matches `k` and the Kelvin sign `K`,
 * `ſ` matches `s`), `?` one code point (an emoji is one), `?` and `*` also a line break.
 */

interface Segment {
  /** The RegExp source of the segment's characters. */
  source: string
  /** How many code points it matches. */
  length: number
}

export type Matcher = (text: string) => boolean

/** The matcher of a valid pattern (definitions are checked when parsed: see patternProblem). */
export function compileGlob(pattern: string): Matcher {
  const [first = { source: '', length: 0 }, ...rest] = segmentsOf(pattern)
  const last = rest.pop()
  if (last === undefined) {
    const whole = new RegExp(`^(?:${first.source})$`, 'isu')
    return (text) => whole.test(text)
  }
  // Anchored with ^, the head takes RegExp's fastest path; and a prefix (`/pricing*`), the most common pattern by
  // far, needs nothing else. Global (g): finds the leftmost match from lastIndex on. Sticky (y): only at lastIndex.
  const head = new RegExp(`^(?:${first.source})`, 'isu')
  const middles = rest.filter((segment) => segment.length > 0).map((segment) => new RegExp(segment.source, 'gisu'))
  if (middles.length === 0 && last.length === 0) return (text) => head.test(text)
  const tail = new RegExp(`(?:${last.source})$`, 'isuy')
  return (text) => {
    if (first.length > 0 && !head.test(text)) return false
    let position = codePointsFrom(text, 0, first.length)
    for (const middle of middles) {
      middle.lastIndex = position
      if (!middle.test(text)) return false
      position = middle.lastIndex
    }
    if (last.length === 0) return true
    const tailStart = codePointsFrom(text, text.length, -last.length)
    if (tailStart < position) return false
    tail.lastIndex = tailStart
    return tail.test(text)
  }
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
