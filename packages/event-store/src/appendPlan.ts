import { streamIdOf, type Event } from '@attribution/contracts'
import { ConcurrencyError, type AppendResult, type ExpectedVersion } from './eventStore.ts'

export interface PlannedEvent {
  event: Event
  streamId: string
  streamVersion: number
}

export interface AppendPlan {
  toStore: PlannedEvent[]
  duplicates: AppendResult['duplicates']
}

export interface StoreState {
  /** Which of the batch's event ids are already stored. */
  storedEventIds: ReadonlySet<string>
  /** The current version of each of the batch's streams that exists. */
  streamVersions: ReadonlyMap<string, number>
}

/** Every stream an append touches or makes a claim about: the streams it must lock and read the version of. */
export function streamsOfAppend(events: Event[], expectedVersions: Record<string, ExpectedVersion> = {}): string[] {
  return [...new Set([...events.map(streamIdOf), ...Object.keys(expectedVersions)])].sort()
}

/**
 * Decides what an append stores, given what the store holds (read under the streams' locks): skips ids already stored
 * or repeated in the batch, numbers the rest on from each stream's version, and checks expected versions.
 *
 * A batch with nothing new to store is reported as duplicates even when an expected version no longer holds: it is a
 * redelivery of an append that already happened, and idempotency must win over the concurrency check there.
 */
export function planAppend(
  events: Event[],
  state: StoreState,
  expectedVersions: Record<string, ExpectedVersion> = {},
): AppendPlan {
  const seen = new Set<string>()
  const nextVersion = new Map<string, number>()
  const toStore: PlannedEvent[] = []
  const duplicates: string[] = []
  for (const event of events) {
    if (seen.has(event.eventId) || state.storedEventIds.has(event.eventId)) {
      duplicates.push(event.eventId)
      continue
    }
    seen.add(event.eventId)
    const streamId = streamIdOf(event)
    const streamVersion = nextVersion.get(streamId) ?? (state.streamVersions.get(streamId) ?? -1) + 1
    nextVersion.set(streamId, streamVersion + 1)
    toStore.push({ event, streamId, streamVersion })
  }
  if (toStore.length > 0) checkExpectedVersions(expectedVersions, state.streamVersions)
  return { toStore, duplicates }
}

function checkExpectedVersions(
  expectedVersions: Record<string, ExpectedVersion>,
  streamVersions: ReadonlyMap<string, number>,
): void {
  for (const [streamId, expected] of Object.entries(expectedVersions)) {
    const actual = streamVersions.get(streamId) ?? 'no_stream'
    if (actual !== expected) throw new ConcurrencyError(streamId, expected, actual)
  }
}
