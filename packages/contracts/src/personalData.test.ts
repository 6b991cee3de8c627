import { describe, expect, it } from 'vitest'
import type { Event } from './events.ts'
import { identifierPath, identifiersOf, withPseudonyms } from './personalData.ts'

const at = '2024-01-10T09:00:00Z'
const touch: Event = {
  eventId: 't-1',
  type: 'touchpoint.recorded',
  occurredAt: at,
  data: { personId: 'jane@acme.example', anonymousId: 'cookie-7', campaignId: 'c1', channel: 'webinar', touchType: 'form_fill' },
}
const update: Event = {
  eventId: 'u-1',
  type: 'person.updated',
  occurredAt: at,
  data: { personId: 'jane@acme.example', accountId: 'acme', attributes: { title: 'CFO' } },
}
const deal: Event = {
  eventId: 'd-1',
  type: 'deal.created',
  occurredAt: at,
  data: { dealId: 'opp-1', accountId: 'acme', amount: 12000, currency: 'USD', contactIds: ['bob', 'jane@acme.example'] },
}
const dealWithRoles: Event = {
  eventId: 'd-2',
  type: 'deal.updated',
  occurredAt: at,
  data: {
    dealId: 'opp-1',
    contactIds: ['bob'],
    contactRoles: [
      { personId: 'bob', role: 'Influencer' },
      { personId: 'jane@acme.example', role: 'Economic Buyer', isPrimary: true },
    ],
  },
}
const rename = ({ kind, value }: { kind: string; value: string }) => `${kind}:${value.length}`

describe('personal data of events', () => {
  it('names every person and anonymous id an event holds, and where', () => {
    expect(identifiersOf(touch)).toEqual([
      { kind: 'person', value: 'jane@acme.example' },
      { kind: 'anonymous', value: 'cookie-7' },
    ])
    expect(identifiersOf(deal).map((identifier) => identifier.value)).toEqual(['bob', 'jane@acme.example'])
    expect(identifierPath(deal, { kind: 'person', value: 'jane@acme.example' })).toBe('data.contactIds.1')
    expect(identifierPath(touch, { kind: 'anonymous', value: 'cookie-7' })).toBe('data.anonymousId')
    expect(identifiersOf(dealWithRoles).map((identifier) => identifier.value)).toEqual(['bob', 'bob', 'jane@acme.example'])
    expect(identifierPath(dealWithRoles, { kind: 'person', value: 'jane@acme.example' })).toBe('data.contactRoles.1.personId')
    expect(identifierPath(dealWithRoles, { kind: 'person', value: 'bob' })).toBe('data.contactIds.0')
    expect(identifiersOf({ eventId: 'a', type: 'account.updated', occurredAt: at, data: { accountId: 'acme' } })).toEqual([])
  })

  it('replaces identifiers and seals attributes, leaving everything else and the original event as they were', () => {
    const sealed = withPseudonyms(update, rename, (personId, attributes) => ({ sealedFor: `${personId}/${Object.keys(attributes).join()}` }))
    expect(sealed.data).toEqual({ personId: 'person:17', accountId: 'acme', attributes: { sealedFor: 'person:17/title' } })
    expect(withPseudonyms(touch, rename, () => ({})).data).toMatchObject({ personId: 'person:17', anonymousId: 'anonymous:8', campaignId: 'c1' })
    expect(withPseudonyms(deal, rename, () => ({})).data).toMatchObject({ contactIds: ['person:3', 'person:17'], amount: 12000 })
    expect(withPseudonyms(dealWithRoles, rename, () => ({})).data).toEqual({
      dealId: 'opp-1',
      contactIds: ['person:3'],
      contactRoles: [
        { personId: 'person:3', role: 'Influencer' },
        { personId: 'person:17', role: 'Economic Buyer', isPrimary: true },
      ],
    })
    expect(update.data).toMatchObject({ personId: 'jane@acme.example', attributes: { title: 'CFO' } })
  })
})
