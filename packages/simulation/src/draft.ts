import type { Event } from '@attribution/contracts'
import { toIso } from './clock.ts'

type Body<E> = E extends Event ? { type: E['type']; data: E['data'] } : never

/**
 * An event before it has an id and a formatted time. Ids are handed out only after a batch is put in time order, so
 * within an account the ids count up with time.
 */
export type Draft = Body<Event> & { at: number; source: string }

/**
 * Puts one batch (the campaigns, or one account) in time order, drops what falls after the window and names each
 * event `<prefix>-<n>`. The sort is stable, so events at the same instant keep the order they were planned in (a form
 * fill before the identity link it causes).
 */
export function toEvents(drafts: Draft[], idPrefix: string, end: number): Event[] {
  drafts.sort((a, b) => a.at - b.at)
  const events: Event[] = []
  for (const draft of drafts) {
    if (draft.at >= end) break
    const event = {
      eventId: `${idPrefix}-${events.length}`,
      type: draft.type,
      occurredAt: toIso(draft.at),
      source: draft.source,
      data: draft.data,
    }
    events.push(event as Event)
  }
  return events
}
