import { describe, expect, it } from 'vitest'
import { engineEventTypes, producerEventTypes, type Event } from '@attribution/contracts'
import { backoffDelay } from './batchConsumer.ts'
import { ingestTopics, topicOf, topicsFor } from './topics.ts'

describe('topics', () => {
  const topics = topicsFor('acme.')

  it('routes touchpoints, handoffs and deals to their own topics', () => {
    const route = (type: string) => topicOf({ type } as Event, topics)
    expect(route('touchpoint.recorded')).toBe('acme.touchpoints')
    expect(route('identity.linked')).toBe('acme.touchpoints')
    expect(route('lead.rejected')).toBe('acme.handoffs')
    expect(route('sales.activity.logged')).toBe('acme.handoffs')
    expect(route('deal.won')).toBe('acme.deals')
    for (const type of producerEventTypes) expect(ingestTopics(topics)).toContain(route(type))
  })

  it("has no topic for the engine's own events, which go to the event store directly", () => {
    for (const type of Object.keys(engineEventTypes)) {
      expect(() => topicOf({ type } as Event, topics)).toThrow(`${type} is the engine's own event`)
    }
  })

  it('keeps the dead-letter topic out of what the ingestor reads', () => {
    expect(ingestTopics(topics)).not.toContain(topics.deadLetter)
    expect(topics.deadLetter).toBe('acme.dead-letter')
  })
})

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const backoff = { initialMs: 100, maxMs: 1_000 }
    expect([1, 2, 3, 4, 5, 9].map((attempt) => backoffDelay(attempt, backoff))).toEqual([100, 200, 400, 800, 1_000, 1_000])
  })
})
