import { validateEvent, type Event, type ValidationPolicy } from '@attribution/contracts'
import type { ConsumedMessage, DeadLetter } from '@attribution/bus'

export interface DecodedBatch {
  events: Event[]
  deadLetters: DeadLetter[]
}

/**
 * Step one of ingestion, pure: every message becomes either a valid event or a dead letter carrying the message's
 * original bytes and the precise reasons it was refused. Nothing is dropped.
 */
export function decodeBatch(messages: readonly ConsumedMessage[], policy: ValidationPolicy): DecodedBatch {
  const events: Event[] = []
  const deadLetters: DeadLetter[] = []
  for (const message of messages) {
    const refuse = (errors: DeadLetter['errors']) => deadLetters.push({ ...message, errors })
    if (message.value === null || message.value.length === 0) {
      refuse([{ path: '', message: 'message has no value; expected one JSON event' }])
      continue
    }
    let input: unknown
    try {
      input = JSON.parse(message.value.toString('utf8'))
    } catch (error) {
      refuse([{ path: '', message: `not valid JSON: ${(error as Error).message}` }])
      continue
    }
    const result = validateEvent(input, policy)
    if (result.ok) events.push(result.event)
    else refuse(result.errors)
  }
  return { events, deadLetters }
}
