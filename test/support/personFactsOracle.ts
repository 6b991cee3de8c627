import type { Event } from '@attribution/contracts'
import { channelClassifier, defaultChannelRules, type PersonFact } from '@attribution/domain'

/**
 * The facts of every person gathered straight from raw events, in memory: a second, independent reading of what
 * personFacts.ts reads from ClickHouse, so the two can check each other. Events are in log order.
 */
export function personFactsOf(events: readonly Event[]): Map<string, PersonFact[]> {
  const classify = channelClassifier(defaultChannelRules)
  const at = (event: Event) => Date.parse(event.occurredAt)
  const earlier = (a: { at: number; eventId: string }, b: { at: number; eventId: string }) =>
    a.at < b.at || (a.at === b.at && a.eventId < b.eventId)
  // An anonymous id belongs to the person of its first link by business time; the log decides ties.
  const owners = new Map<string, { personId: string; at: number }>()
  for (const event of events) {
    if (event.type !== 'identity.linked') continue
    const known = owners.get(event.data.anonymousId)
    if (!known || at(event) < known.at) owners.set(event.data.anonymousId, { personId: event.data.personId, at: at(event) })
  }
  const facts = new Map<string, PersonFact[]>()
  const add = (personId: string, fact: PersonFact) => facts.set(personId, [...(facts.get(personId) ?? []), fact])
  const accountsOfPerson = new Map<string, Set<string>>()
  const accountUpdates = new Map<string, PersonFact[]>()
  const firstMembership = new Map<string, { at: number; eventId: string }>()
  const outcomes = new Map<string, PersonFact[]>()
  const seenTouches = new Set<string>()

  for (const event of events) {
    const base = { eventId: event.eventId, occurredAt: at(event) }
    switch (event.type) {
      case 'touchpoint.recorded': {
        const data = event.data
        const touchId = data.touchpointId ?? event.eventId
        if (seenTouches.has(touchId)) break
        seenTouches.add(touchId)
        const personId = data.personId ?? owners.get(data.anonymousId ?? '')?.personId
        if (!personId) break
        add(personId, {
          kind: 'touch',
          ...base,
          touchType: data.touchType,
          // Where the touch belongs, stated or derived under the shipped channel rules (the active ones in these tests).
          ...classify(data),
          ...(data.content ? { content: data.content } : {}),
          identified: data.personId !== undefined,
        })
        break
      }
      case 'person.updated': {
        const { personId, accountId } = event.data
        const attributes = Object.fromEntries(Object.entries(event.data.attributes ?? {}).map(([key, value]) => [key, String(value)]))
        add(personId, { kind: 'person_updated', ...base, attributes, ...(accountId ? { accountId } : {}) })
        if (accountId) accountsOfPerson.set(personId, new Set([...(accountsOfPerson.get(personId) ?? []), accountId]))
        break
      }
      case 'account.updated': {
        const attributes = Object.fromEntries(Object.entries(event.data.attributes ?? {}).map(([key, value]) => [key, String(value)]))
        const fact: PersonFact = { kind: 'account_updated', ...base, accountId: event.data.accountId, attributes }
        accountUpdates.set(event.data.accountId, [...(accountUpdates.get(event.data.accountId) ?? []), fact])
        break
      }
      case 'lead.handed_off':
      case 'lead.accepted':
      case 'sales.activity.logged': {
        const kind = event.type === 'lead.handed_off' ? 'handed_off' : event.type === 'lead.accepted' ? 'accepted' : 'sales_activity'
        add(event.data.personId, { kind, ...base, ownerId: event.data.ownerId })
        break
      }
      case 'lead.rejected':
        add(event.data.personId, { kind: 'rejected', ...base, ownerId: event.data.ownerId, reason: event.data.reason })
        break
      case 'deal.created':
      case 'deal.updated':
        for (const personId of event.data.contactIds ?? []) {
          const key = `${event.data.dealId}\u0000${personId}`
          const candidate = { at: base.occurredAt, eventId: event.eventId }
          const known = firstMembership.get(key)
          if (!known || earlier(candidate, known)) firstMembership.set(key, candidate)
        }
        break
      case 'deal.won':
      case 'deal.lost': {
        const fact: PersonFact = { kind: event.type === 'deal.won' ? 'deal_won' : 'deal_lost', ...base, dealId: event.data.dealId }
        outcomes.set(event.data.dealId, [...(outcomes.get(event.data.dealId) ?? []), fact])
        break
      }
    }
  }
  for (const [personId, accounts] of accountsOfPerson) {
    for (const accountId of accounts) for (const fact of accountUpdates.get(accountId) ?? []) add(personId, fact)
  }
  for (const [key, { at: joinedAt, eventId }] of firstMembership) {
    const [dealId, personId] = key.split('\u0000') as [string, string]
    add(personId, { kind: 'deal_created', eventId, occurredAt: joinedAt, dealId })
    for (const outcome of outcomes.get(dealId) ?? []) add(personId, outcome)
  }
  return facts
}
