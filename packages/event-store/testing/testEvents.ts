import type { Event } from '@attribution/contracts'

/** Valid events for tests, built from as little as a test cares about. */

export function touch(eventId: string, personId: string, extra: Partial<Event> = {}): Event {
  return {
    eventId,
    type: 'touchpoint.recorded',
    occurredAt: '2024-05-01T09:30:00Z',
    data: { personId, campaignId: 'spring-webinar', channel: 'webinar', touchType: 'webinar_attended' },
    ...extra,
  } as Event
}

export function dealCreated(eventId: string, dealId: string, amount: number): Event {
  return {
    eventId,
    type: 'deal.created',
    occurredAt: '2024-05-02T10:00:00.123456789+02:00',
    source: 'crm-sync',
    data: { dealId, accountId: 'acme', amount, currency: 'USD', contactIds: ['p-1', 'p-2'], isNewBusiness: true },
  }
}

/** `count` touches of one person, ids `${prefix}-0`, `${prefix}-1`, ... */
export function touches(prefix: string, personId: string, count: number): Event[] {
  return Array.from({ length: count }, (_, i) => touch(`${prefix}-${i}`, personId))
}
