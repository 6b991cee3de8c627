import {
  EventStoreDBClient,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client'

/**
 * The part of `@eventstore/db-client` the adapter uses. `EventStoreDBClient` is one; keeping to this much lets unit
 * tests put an in-memory stand-in for the server in its place.
 */
export interface KurrentClient {
  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>
  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent>
  appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions): Promise<AppendResult>
  subscribeToAll(options: SubscribeToAllOptions): AllStreamSubscription
  dispose(): Promise<void>
}

/** A client for an `esdb://` or `esdb+discover://` connection string; it connects on first use. */
export function kurrentClient(connectionString: string): KurrentClient {
  return EventStoreDBClient.connectionString(connectionString)
}

/** The records of a stream in order (or from `options`), none when the stream does not exist. */
export async function readStreamRecords(
  client: KurrentClient,
  streamName: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  const records: RecordedEvent[] = []
  try {
    for await (const resolved of client.readStream(streamName, options)) {
      if (resolved.event) records.push(resolved.event)
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return []
    throw error
  }
  return records
}
