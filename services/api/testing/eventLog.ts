import { streamIdOf, type Event } from '@attribution/contracts'
import type { Registry } from '../src/ports.ts'

type StoredEvent = Awaited<ReturnType<Registry['readStream']>>[number]

/**
 * An event store reduced to what the API uses (append, readStream), in memory: the sink and the registry of the fake
 * ports. Like every store it keeps an event id once: an id already stored, or repeated earlier in the batch, is a
 * duplicate. Tests read what a route appended from `appends` (each call's events) and `events` (what is stored).
 */
export class InMemoryEventLog implements Registry {
  /** The events of every call to append, in order, as the route passed them. */
  readonly appends: Event[][] = []
  private readonly stored: StoredEvent[] = []

  get events(): Event[] {
    return this.stored.map(({ event }) => event)
  }

  async append(events: Event[]): Promise<{ appended: number; duplicates: string[] }> {
    this.appends.push(events)
    const duplicates: string[] = []
    let appended = 0
    for (const event of events) {
      if (this.stored.some((stored) => stored.event.eventId === event.eventId)) {
        duplicates.push(event.eventId)
        continue
      }
      const streamId = streamIdOf(event)
      const position = BigInt(this.stored.length + 1)
      this.stored.push({
        position: { commit: position, prepare: position },
        streamId,
        streamVersion: this.stored.filter((stored) => stored.streamId === streamId).length,
        recordedAt: new Date().toISOString(),
        event,
      })
      appended += 1
    }
    return { appended, duplicates }
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    return this.stored.filter((stored) => stored.streamId === streamId)
  }
}
