import type { PositionedEvent } from '@attribution/read-model'
import { validateEvent, type Event } from '@attribution/contracts'

/**
 * The event as the contract reads it; a fixture the contract refuses fails the test at once, saying why. Fixtures go
 * straight to the store or the projector, as the engine's own writes do, so they may hold the engine's own types.
 */
export function valid(raw: unknown): Event {
  const validation = validateEvent(raw, { reportingCurrency: 'USD', origin: 'engine' })
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors))
  return validation.event
}

/** Builds valid events at positions 1, 2, 3 ... in the order asked for, as the projector gets them from the log. */
export function positionedEvents(): (type: string, occurredAt: string, data: Record<string, unknown>) => PositionedEvent {
  let position = 0n
  return (type, occurredAt, data) => {
    position += 1n
    return { event: valid({ eventId: `e${position}`, type, occurredAt, data }), position: { commit: position, prepare: position } }
  }
}

/**
 * A lead nobody has seen (late-p), touched by email (late-c1) on 1 June 2026 and by paid search (late-c2) on 2 June,
 * whose deal late-d for `amount` is created on 3 June: a deal that arrives after everything the simulation made.
 */
export const lateDeal = (amount: number): Event[] =>
  [
    { eventId: 'late-t1', type: 'touchpoint.recorded', occurredAt: '2026-06-01T09:00:00Z', data: { personId: 'late-p', campaignId: 'late-c1', channel: 'email', touchType: 'email_click' } },
    { eventId: 'late-t2', type: 'touchpoint.recorded', occurredAt: '2026-06-02T09:00:00Z', data: { personId: 'late-p', campaignId: 'late-c2', channel: 'paid_search', touchType: 'ad_click' } },
    { eventId: 'late-d', type: 'deal.created', occurredAt: '2026-06-03T09:00:00Z', data: { dealId: 'late-d', accountId: 'late-a', amount, currency: 'USD', contactIds: ['late-p'] } },
  ].map(valid)
