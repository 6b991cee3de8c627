/**
 * The patterns of a lead definition (`/pricing*`, `*student*`): `*` stands for any run of characters (also none, also
 * `/`), `?` for exactly one, `\` makes the next character literal. Everything else is literal, compared ignoring case,
 * against the whole text. `[`, `]`, `{` and `}` are reserved, so a pattern written for a richer glob dialect
 * (`/{pricing,demo}`) is refused instead of silently matching nothing; a list of patterns says "any of" instead.
 */

/** Why a pattern is invalid, or undefined when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'invalid pattern: must not be empty'
  if (pattern !== pattern.trim()) return 'invalid pattern: must not start or end with whitespace'
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]
    if (char === '\\') {
      if (index === pattern.length - 1) return 'invalid pattern: ends with a lone \\'
      index++
    } else if (char === '[' || char === ']' || char === '{' || char === '}') {
      const advice = `escape it as \\${char}, or list alternatives as separate patterns`
      return `invalid pattern: '${char}' is reserved (${advice})`
    }
  }
  return undefined
}

/** Whether `text` matches `pattern` (a valid one: definitions are checked when parsed). */
export function matchesPattern(pattern: string, text: string): boolean {
  return compiled(pattern).test(text)
}

// Definitions are applied to every touch of every person in a replay: compile each pattern once.
const cache = new Map<string, RegExp>()

function compiled(pattern: string): RegExp {
  let regex = cache.get(pattern)
  if (regex === undefined) {
    regex = new RegExp(`^${toRegExpSource(pattern)}$`, 'isu')
    cache.set(pattern, regex)
  }
  return regex
}

function toRegExpSource(pattern: string): string {
  let source = ''
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? ''
    if (char === '*') source += '.*'
    else if (char === '?') source += '.'
    else if (char === '\\') source += escaped(pattern[++index] ?? '')
    else source += escaped(char)
  }
  return source
}

function escaped(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/u.test(char) ? `\\${char}` : char
}
