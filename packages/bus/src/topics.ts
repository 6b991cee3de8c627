import type { Event, EventType } from '@attribution/contracts'

/** The topics events travel on: one per kind of producer, plus the dead-letter topic for what could not be ingested. */
export interface Topics {
  touchpoints: string
  handoffs: string
  deals: string
  deadLetter: string
}

export function topicsFor(prefix: string): Topics {
  return {
    touchpoints: `${prefix}touchpoints`,
    handoffs: `${prefix}handoffs`,
    deals: `${prefix}deals`,
    deadLetter: `${prefix}dead-letter`,
  }
}

/** The topics producers write to and the ingestor reads. */
export function ingestTopics(topics: Topics): string[] {
  return [topics.touchpoints, topics.handoffs, topics.deals]
}

const topicOfType: Record<EventType, keyof Omit<Topics, 'deadLetter'>> = {
  'touchpoint.recorded': 'touchpoints',
  'identity.linked': 'touchpoints',
  'person.updated': 'touchpoints',
  'account.updated': 'touchpoints',
  'campaign.updated': 'touchpoints',
  'campaign.cost.recorded': 'touchpoints',
  'lead.handed_off': 'handoffs',
  'lead.accepted': 'handoffs',
  'lead.rejected': 'handoffs',
  'sales.activity.logged': 'handoffs',
  'deal.created': 'deals',
  'deal.updated': 'deals',
  'deal.won': 'deals',
  'deal.lost': 'deals',
  // Lead definitions belong with the handoffs they govern.
  'lead_definition.published': 'handoffs',
  'lead_definition.activated': 'handoffs',
  // Attribution models belong with the deals they credit.
  'attribution_model.saved': 'deals',
}

export function topicOf(event: Event, topics: Topics): string {
  return topics[topicOfType[event.type]]
}
