import type { FieldError } from './fieldErrors.ts'

/** Why validateEvent refused an event, as one of a few words: what a metric may carry as a label. */
export const refusalReasons = ['engine_event', 'unknown_type', 'currency', 'unknown_field', 'missing_field', 'invalid_field'] as const

export type RefusalReason = (typeof refusalReasons)[number]

/**
 * A refused event's reason from its field errors (validate.ts writes them): one of a few, because the errors themselves
 * carry what the producer wrote (an unknown field's name may be anything, even personal data).
 */
export function refusalReason(errors: readonly FieldError[]): RefusalReason {
  const [first] = errors
  if (first === undefined) return 'invalid_field'
  if (first.path === 'type' && first.message.includes('written by the engine only')) return 'engine_event'
  if (first.path === 'type') return 'unknown_type'
  // An unknown currency code, or a rate for the reporting currency (validate.ts, currencyPolicy.ts).
  if (first.path === 'data.currency' && /reporting currency|ISO 4217 currency code/.test(first.message)) return 'currency'
  if (first.message === 'is not a known field') return 'unknown_field'
  if (first.message === 'is required') return 'missing_field'
  return 'invalid_field'
}
