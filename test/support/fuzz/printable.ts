import fc from 'fast-check'

/** The value, shown in fast-check's counterexamples as `text` rather than in full: bodies run to megabytes. */
export function printable<T extends object>(value: T, text: string): T {
  return Object.assign(value, { [fc.toStringMethod]: () => text })
}
