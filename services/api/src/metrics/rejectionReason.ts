import { refusalReason, refusalReasons, type FieldError } from '@attribution/contracts'

export const rejectionReasons = [...refusalReasons, 'erased_person'] as const
/** How a refusal for naming an erased person begins (routes/events.ts writes it). */
export const erasedPersonMessage = 'names a person who was erased'

export type RejectionReason = (typeof rejectionReasons)[number]

/**
 * A refused event's reason as a metric label: the contract's reason (refusalReason), or that it names a person who was
 * erased. Never the field errors themselves, which carry what the producer wrote.
 */
export function rejectionReason(errors: readonly FieldError[]): RejectionReason {
  if (errors[0]?.message.startsWith(erasedPersonMessage)) return 'erased_person'
  return refusalReason(errors)
}
