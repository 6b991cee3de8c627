import { refusalReason, refusalReasons, validateEvent, type Event, type ValidationPolicy } from '@attribution/contracts'
import type { ConsumedMessage, DeadLetter } from '@attribution/bus'

// fatal: a byte sequence that is not UTF-8 is refused rather than replaced, so two different ids never read as one.
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Why a message was dead-lettered, as one of a few words (a metric label): unreadable, or the contract's reason. */
export const deadLetterReasons = ['no_value', 'not_utf8', 'not_json', ...refusalReasons] as const
export type DeadLetterReason = (typeof deadLetterReasons)[number]

export interface DecodedBatch {
  events: Event[]
  deadLetters: (DeadLetter & { reason: DeadLetterReason })[]
}

/**
 * Step one of ingestion, pure: every message becomes either a valid event or a dead letter carrying the message's
 * original bytes and the precise reasons it was refused. Nothing is dropped. Messages come from producers, so the
 * engine's own event types are refused too (validateEvent's producer origin).
 */
export function decodeBatch(messages: readonly ConsumedMessage[], policy: Pick<ValidationPolicy, 'reportingCurrency'>): DecodedBatch {
  const events: Event[] = []
  const deadLetters: DecodedBatch['deadLetters'] = []
  for (const message of messages) {
    const refuse = (reason: DeadLetterReason, errors: DeadLetter['errors']) => deadLetters.push({ ...message, errors, reason })
    if (message.value === null || message.value.length === 0) {
      refuse('no_value', [{ path: '', message: 'message has no value; expected one JSON event' }])
      continue
    }
    let text: string
    try {
      text = utf8.decode(message.value)
    } catch {
      refuse('not_utf8', [{ path: '', message: 'message value is not valid UTF-8' }])
      continue
    }
    let input: unknown
    try {
      input = JSON.parse(text)
    } catch (error) {
      refuse('not_json', [{ path: '', message: `not valid JSON: ${(error as Error).message}` }])
      continue
    }
    const result = validateEvent(input, { ...policy, origin: 'producer' })
    if (result.ok) events.push(result.event)
    else refuse(refusalReason(result.errors), result.errors)
  }
  return { events, deadLetters }
}
