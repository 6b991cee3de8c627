/**
 * Why a text cannot be stored, or undefined when it can. PostgreSQL refuses U+0000 in text and jsonb, and refuses a
 * lone UTF-16 surrogate (half of a pair, as `"\ud800"` in JSON) in jsonb: either would fail a whole batch at the store.
 */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain the NUL character'
  if (!text.isWellFormed()) return 'must be well-formed Unicode (contains a lone surrogate)'
  return undefined
}
