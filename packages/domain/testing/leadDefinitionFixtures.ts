import { msPerDay, type Attributes, type LeadDefinition, type PersonFact } from '../src/index.ts'

// Builders shared by the lead definition tests: histories read as "a pricing page view on day 3".

export const day0 = Date.UTC(2024, 0, 1)

/** The instant `days` days after day 0. */
export function day(days: number): number {
  return day0 + days * msPerDay
}

/** A definition with no rules and a threshold of 30, to be completed by each test. */
export function definitionWith(parts: Partial<LeadDefinition>): LeadDefinition {
  return { id: 'test', version: 1, name: 'Test', behaviour: [], fit: [], mql: { threshold: 30 }, recycle: {}, ...parts }
}

type TouchFact = Extract<PersonFact, { kind: 'touch' }>

export function touch(
  eventId: string,
  days: number,
  touchType = 'page_view',
  more: Partial<Omit<TouchFact, 'kind' | 'eventId' | 'occurredAt' | 'touchType'>> = {},
): TouchFact {
  return { kind: 'touch', eventId, occurredAt: day(days), touchType, channel: 'organic', campaignId: 'c1', ...more }
}

export function personUpdated(eventId: string, days: number, attributes: Attributes, accountId?: string): PersonFact {
  return { kind: 'person_updated', eventId, occurredAt: day(days), attributes, ...(accountId ? { accountId } : {}) }
}

export function accountUpdated(eventId: string, days: number, accountId: string, attributes: Attributes): PersonFact {
  return { kind: 'account_updated', eventId, occurredAt: day(days), accountId, attributes }
}

export function sales(
  kind: 'handed_off' | 'accepted' | 'sales_activity',
  eventId: string,
  days: number,
  ownerId?: string,
): PersonFact {
  return { kind, eventId, occurredAt: day(days), ...(ownerId ? { ownerId } : {}) }
}

export function rejected(eventId: string, days: number, reason = 'no budget', ownerId?: string): PersonFact {
  return { kind: 'rejected', eventId, occurredAt: day(days), reason, ...(ownerId ? { ownerId } : {}) }
}

export function deal(
  kind: 'deal_created' | 'deal_won' | 'deal_lost',
  eventId: string,
  days: number,
  dealId = 'd1',
): PersonFact {
  return { kind, eventId, occurredAt: day(days), dealId }
}
