import type { Event } from '@attribution/contracts'

/** What the projection needs of a stored event: the event and its place in the global log. */
export interface PositionedEvent {
  event: Event
  position: { commit: bigint; prepare: bigint }
}
