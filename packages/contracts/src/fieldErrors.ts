export interface FieldError {
  /** Where the problem is, as a JSON path into the event: `data.amount`, `data.contactIds[2]`, or `` for the whole. */
  path: string
  message: string
}

/** At most this many problems are listed for one input; the answer says how many more there were. */
export const maxReportedErrors = 20

/** Field names longer than this are shortened in paths: a path is for finding the field, not for echoing input. */
const shownKeyLength = 64

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`
    const name = shortened(String(key))
    return text === '' ? name : `${text}.${name}`
  }, '')
}

function shortened(key: string): string {
  if (key.length <= shownKeyLength) return key
  // Never cut a surrogate pair in two: the path itself must stay well-formed text.
  const end = /[\ud800-\udbff]/.test(key[shownKeyLength - 1] ?? '') ? shownKeyLength - 1 : shownKeyLength
  return `${key.slice(0, end)}…`
}

/**
 * The first `maxReportedErrors` problems and, when there were more, one line saying how many: an answer about bad
 * input stays small however bad the input. `unlisted` counts problems found but not kept.
 */
export function boundErrors<E extends FieldError>(errors: readonly E[], unlisted = 0): (E | FieldError)[] {
  const hidden = Math.max(0, errors.length - maxReportedErrors) + unlisted
  const shown = errors.slice(0, maxReportedErrors)
  return hidden === 0 ? shown : [...shown, { path: '', message: `and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}` }]
}
