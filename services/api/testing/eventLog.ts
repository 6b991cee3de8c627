import { streamIdOf, type Event } from '@attribution/contracts'
import { ConcurrencyError, type AppendOptions } from '@attribution/event-store'
import type { Registry } from '../src/ports.ts'

type StoredEvent = Awaited<ReturnType<Registry['readStream']>>[number]

/**
 * An event store reduced to what the API uses (append, readStream), in memory: the sink and the registry of the fake
 * ports. Like every store it keeps an event id once: an id already stored, or repeated earlier in the batch, is a
 * duplicate; and it refuses with ConcurrencyError, storing nothing, an append whose expected stream versions do not
 * hold (unless it has nothing new to store). Tests read what a route appended from `appends` (each call's events) and
 * `events` (what is stored).
 */
export class InMemoryEventLog implements Registry {
  /** The events of every call to append, in order, as the route passed them. */
  readonly appends: Event[][] = []
  private readonly stored: StoredEvent[] = []
  private readonly racing = new Map<string, Event[]>()

  get events(): Event[] {
    return this.stored.map(({ event }) => event)
  }

  async append(events: Event[], options: AppendOptions = {}): Promise<{ appended: number; duplicates: string[] }> {
    this.appends.push(events)
    const known = new Set(this.stored.map(({ event }) => event.eventId))
    const fresh = events.filter((event) => !known.has(event.eventId) && known.add(event.eventId))
    if (fresh.length > 0) {
      for (const [streamId, expected] of Object.entries(options.expectedVersions ?? {})) {
        const actual = this.stored.findLast((stored) => stored.streamId === streamId)?.streamVersion ?? 'no_stream'
        if (actual !== expected) throw new ConcurrencyError(streamId, expected, actual)
      }
    }
    for (const event of fresh) {
      const streamId = streamIdOf(event)
      const position = BigInt(this.stored.length + 1)
      this.stored.push({
        position: { commit: position, prepare: position },
        streamId,
        streamVersion: this.stored.filter((stored) => stored.streamId === streamId).length,
        recordedAt: new Date().toISOString(),
        event,
      })
    }
    return { appended: fresh.length, duplicates: events.filter((event) => !fresh.includes(event)).map(({ eventId }) => eventId) }
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const read = this.stored.filter((stored) => stored.streamId === streamId)
    const racer = this.racing.get(streamId)
    if (racer) {
      this.racing.delete(streamId)
      await this.append(racer)
    }
    return read
  }

  /**
   * Another writer appends `events` right after the next read of `streamId`: the reader decides on what it read and
   * finds the stream moved on when it appends, as when two requests race.
   */
  appendAfterNextRead(streamId: string, events: Event[]): void {
    this.racing.set(streamId, events)
  }
}
