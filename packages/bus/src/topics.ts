import { isEngineEventType, type Event, type ProducerEventType } from '@attribution/contracts'

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

const topicOfType: Record<ProducerEventType, keyof Omit<Topics, 'deadLetter'>> = {
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
  'exchange_rate.recorded': 'deals',
}

/**
 * The topic a producer's event travels on. The engine's own events (lead definitions, saved models) never travel on
 * Kafka: the engine appends them to the event store itself, and the ingestor refuses them from any topic.
 */
export function topicOf(event: Event, topics: Topics): string {
  if (isEngineEventType(event.type)) throw new Error(`${event.type} is the engine's own event: it is appended to the event store, not published`)
  return topics[topicOfType[event.type]]
}
