import type { Event } from '@attribution/contracts'
import { jsonEvent, type EventData, type JSONType, type RecordedEvent } from '@eventstore/db-client'
import type { GlobalPosition, StoredEvent } from '../eventStore.ts'
import { eventUuid } from './eventUuid.ts'

/**
 * How one of our events sits in KurrentDB: the record's type is the event's type, its JSON data the event's data, and
 * its JSON metadata the rest of the envelope, so the event comes back exactly as appended.
 */
export type EventMetadata = {
  eventId: string
  occurredAt: string
  source?: string
  /** Which append call wrote the record: tells our write from the server acknowledging an identical earlier one. */
  appendId: string
}

export function toEventData(event: Event, appendId: string): EventData {
  const metadata: EventMetadata = {
    eventId: event.eventId,
    occurredAt: event.occurredAt,
    ...(event.source === undefined ? {} : { source: event.source }),
    appendId,
  }
  return jsonEvent({ id: eventUuid(event.eventId), type: event.type, data: event.data as JSONType, metadata })
}

/** The record as the event store hands it out, under our stream id (the name without the store's prefix). */
export function toStoredEvent(record: RecordedEvent, streamId: string): StoredEvent {
  const metadata = metadataOf(record)
  // Rebuilt field by field so an event appended without `source` comes back without the key, not with `undefined`.
  const event = {
    eventId: metadata.eventId,
    type: record.type,
    occurredAt: metadata.occurredAt,
    ...(metadata.source === undefined ? {} : { source: metadata.source }),
    data: record.data,
  } as Event
  return {
    position: positionOf(record),
    streamId,
    streamVersion: Number(record.revision),
    recordedAt: record.created.toISOString(),
    event,
  }
}

/** KurrentDB's commit/prepare position is our global position as it is. */
export function positionOf(record: RecordedEvent): GlobalPosition {
  if (!record.position) {
    throw new Error(`KurrentDB sent event ${record.id} without its log position: the adapter needs EventStoreDB 22.6 or later`)
  }
  return { commit: record.position.commit, prepare: record.position.prepare }
}

/** The envelope fields of a record this adapter wrote; refuses anything else found in the store's streams. */
export function metadataOf(record: RecordedEvent): EventMetadata {
  const metadata: unknown = record.metadata
  if (
    record.isJson &&
    typeof record.data === 'object' &&
    record.data !== null &&
    isRecord(metadata) &&
    typeof metadata.eventId === 'string' &&
    typeof metadata.occurredAt === 'string' &&
    typeof metadata.appendId === 'string' &&
    (metadata.source === undefined || typeof metadata.source === 'string')
  ) {
    return metadata as EventMetadata
  }
  throw new Error(`record ${record.id} in stream ${record.streamId} was not written by the attribution event store`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
}
