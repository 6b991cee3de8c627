import type { FieldError } from '@attribution/contracts'

export const rejectionReasons = ['engine_event', 'unknown_type', 'currency', 'unknown_field', 'missing_field', 'invalid_field'] as const
export type RejectionReason = (typeof rejectionReasons)[number]

/**
 * A refused event's reason as a metric label: one of a few, because the field errors themselves carry what the
 * producer wrote (an unknown field's name may be anything, even personal data).
 */
export function rejectionReason(errors: readonly FieldError[]): RejectionReason {
  const [first] = errors
  if (first === undefined) return 'invalid_field'
  if (first.path === 'type' && first.message.includes('written by the engine only')) return 'engine_event'
  if (first.path === 'type') return 'unknown_type'
  if (first.path === 'data.currency' && first.message.includes('reporting currency')) return 'currency'
  if (first.message === 'is not a known field') return 'unknown_field'
  if (first.message === 'is required') return 'missing_field'
  return 'invalid_field'
}
