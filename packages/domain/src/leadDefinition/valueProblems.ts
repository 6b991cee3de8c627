import type { z } from 'zod'

/**
 * What the checks of every versioned document (lead definitions, channel rules) share: a problem with a path, zod's
 * issues as such problems with messages an author can act on, and reading raw values defensively.
 */

/** A problem with a document's value, with the path to it as keys, to locate it in the document. */
export interface ValueProblem {
  keys: PropertyKey[]
  message: string
}

/** zod's issues as problems: an unknown field is one problem per field, at the field. */
export function problemsOfIssues(issues: readonly z.core.$ZodIssue[]): ValueProblem[] {
  return issues.flatMap((issue): ValueProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ keys: [...issue.path, key], message: 'is not a known field' }))
    }
    return [{ keys: issue.path, message: issue.message }]
  })
}

/** Messages for zod's own checks that say what an author needs to change. */
export function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required'
    const nouns: Record<string, string> = { array: 'a list', object: 'an object', int: 'a whole number' }
    return `must be ${nouns[issue.expected] ?? `a ${issue.expected}`}`
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`
  if (issue.code === 'too_big' && issue.origin === 'array') return `must have at most ${String(issue.maximum)} entries`
  return undefined
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Each text of a one-or-many field with its path: `content` for a single pattern, `content[1]` in a list. */
export function entries(value: unknown, path: PropertyKey[]): [path: PropertyKey[], value: string][] {
  if (typeof value === 'string') return [[path, value]]
  if (!Array.isArray(value)) return []
  return value.flatMap((item, index) => (typeof item === 'string' ? [[[...path, index], item]] : []))
}
