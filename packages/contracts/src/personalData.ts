import type { Event } from './events.ts'

/**
 * The personal data an event can carry, by the role it plays: whom it names (a person, or an anonymous visitor's id)
 * and what it says about a person (their attributes). What else an event holds (campaigns, accounts, amounts, owners)
 * describes the business, not the person, and stays as sent.
 */
export type IdentifierKind = 'person' | 'anonymous'

export interface PersonalIdentifier {
  kind: IdentifierKind
  value: string
}

// Module-level rather than closures in the functions below, which run per event: tsx names every function a call
// creates (docs/architecture.md, "Code on the per-event path").
const person = (value: string): PersonalIdentifier => ({ kind: 'person', value })
const anonymous = (value: string): PersonalIdentifier => ({ kind: 'anonymous', value })

/** Every person and anonymous id an event names, in the order its fields hold them. */
export function identifiersOf(event: Event): PersonalIdentifier[] {
  switch (event.type) {
    case 'touchpoint.recorded':
      return [
        ...(event.data.personId !== undefined ? [person(event.data.personId)] : []),
        ...(event.data.anonymousId !== undefined ? [anonymous(event.data.anonymousId)] : []),
      ]
    case 'identity.linked':
      return [person(event.data.personId), anonymous(event.data.anonymousId)]
    case 'person.updated':
    case 'lead.handed_off':
    case 'lead.accepted':
    case 'lead.rejected':
    case 'sales.activity.logged':
      return [person(event.data.personId)]
    case 'deal.created':
    case 'deal.updated':
      return [...(event.data.contactIds ?? []), ...(event.data.contactRoles ?? []).map((role) => role.personId)].map(person)
    default:
      return []
  }
}

/** Where in `data` each identifier kind sits, for refusals that name the field. */
export function identifierPath(event: Event, identifier: PersonalIdentifier): string {
  if (identifier.kind === 'anonymous') return 'data.anonymousId'
  if (event.type === 'deal.created' || event.type === 'deal.updated') {
    const index = (event.data.contactIds ?? []).indexOf(identifier.value)
    const roleIndex = (event.data.contactRoles ?? []).findIndex((role) => role.personId === identifier.value)
    return index === -1 && roleIndex !== -1 ? `data.contactRoles.${roleIndex}.personId` : `data.contactIds.${Math.max(0, index)}`
  }
  return 'data.personId'
}

type Rename = (identifier: PersonalIdentifier) => string
type Attributes = Record<string, string | number | boolean>

/**
 * The same event with every identifier replaced by `rename` and a person's attributes by `seal` (given the person's
 * new id): the pseudonymous form the event store keeps. Pure; the event given is not changed.
 */
export function withPseudonyms(event: Event, rename: Rename, seal: (personId: string, attributes: Attributes) => Attributes): Event {
  switch (event.type) {
    case 'touchpoint.recorded': {
      const { personId, anonymousId, ...rest } = event.data
      return {
        ...event,
        data: {
          ...rest,
          ...(personId !== undefined ? { personId: rename(person(personId)) } : {}),
          ...(anonymousId !== undefined ? { anonymousId: rename(anonymous(anonymousId)) } : {}),
        },
      }
    }
    case 'identity.linked':
      return { ...event, data: { anonymousId: rename(anonymous(event.data.anonymousId)), personId: rename(person(event.data.personId)) } }
    case 'person.updated': {
      const personId = rename(person(event.data.personId))
      const { attributes, ...rest } = event.data
      return {
        ...event,
        data: { ...rest, personId, ...(attributes !== undefined ? { attributes: seal(personId, attributes) } : {}) },
      }
    }
    case 'lead.handed_off':
    case 'lead.accepted':
    case 'lead.rejected':
    case 'sales.activity.logged':
      return { ...event, data: { ...event.data, personId: rename(person(event.data.personId)) } } as Event
    case 'deal.created':
    case 'deal.updated':
    {
      const { contactIds, contactRoles } = event.data
      if (contactIds === undefined && contactRoles === undefined) return event
      return {
        ...event,
        data: {
          ...event.data,
          ...(contactIds !== undefined ? { contactIds: contactIds.map((id) => rename(person(id))) } : {}),
          ...(contactRoles !== undefined ? { contactRoles: contactRoles.map((role) => ({ ...role, personId: rename(person(role.personId)) })) } : {}),
        },
      } as Event
    }
    default:
      return event
  }
}
