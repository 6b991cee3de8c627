import type { Event } from '@attribution/contracts'
import { BACKWARDS, END } from '@eventstore/db-client'
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  GlobalPosition,
  StoredEvent,
  Subscription,
} from '../eventStore.ts'
import { appendToStreams } from './appendToStreams.ts'
import { toStoredEvent } from './eventRecord.ts'
import { filteredSubscription, type KurrentSubscribeOptions } from './filteredSubscription.ts'
import { GlobalLog } from './globalLog.ts'
import { kurrentClient, readStreamRecords, type KurrentClient } from './kurrentClient.ts'
import { StreamNames } from './streamNames.ts'

export interface KurrentDbEventStoreOptions {
  /** Put before every stream id (default `attribution-`): the store's streams are the ones with this prefix. */
  streamPrefix?: string
}

/**
 * The event store on KurrentDB (EventStoreDB): a stream per entity, named `<prefix><stream id>`, and `$all` read
 * through the prefix as the global log. Positions are KurrentDB's commit/prepare positions, and `$all` grows only at
 * its end, so a checkpoint never skips an event that commits later (the problem PostgreSQL needs the xid8 rule for).
 *
 * Differences from the SQL adapters, all documented in the package README:
 * - an append is atomic per stream, not per batch (see `appendToStreams`);
 * - an event id is unique within its stream, not across streams;
 * - `head()` counts by reading `$all`: the whole log on its first call in a process, what was added since on later ones.
 *
 * The catch-up subscription is KurrentDB's own: `subscribeToAll` filtered on the server by the stream prefix, batched
 * here with backpressure, with the server's checkpoints offered through `onCheckpoint` (see `filteredSubscription.ts`).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly client: KurrentClient
  private readonly streams: StreamNames
  private readonly log: GlobalLog

  private constructor(client: KurrentClient, streams: StreamNames) {
    this.client = client
    this.streams = streams
    this.log = new GlobalLog(client, streams)
  }

  /** Connects to the server of an `esdb://` or `esdb+discover://` connection string. */
  static open(connectionString: string, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    return KurrentDbEventStore.over(kurrentClient(connectionString), options)
  }

  /**
   * A store over a client (the store owns it from here on and disposes of it in `close()`). Reads the last record of
   * `$all` first, so that a server that is down or a user not allowed to read `$all` fails here, not at the first append.
   */
  static async over(client: KurrentClient, options: KurrentDbEventStoreOptions = {}): Promise<KurrentDbEventStore> {
    try {
      const streams = new StreamNames(options.streamPrefix)
      for await (const last of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) void last
      return new KurrentDbEventStore(client, streams)
    } catch (error) {
      await client.dispose()
      throw new Error(`cannot use KurrentDB as the event store: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      })
    }
  }

  append(events: Event[], options: AppendOptions = {}): Promise<AppendResult> {
    return appendToStreams(this.client, this.streams, events, options.expectedVersions)
  }

  readAll(after: GlobalPosition | null, limit: number): Promise<StoredEvent[]> {
    return this.log.readAfter(after, limit)
  }

  async readStream(streamId: string): Promise<StoredEvent[]> {
    const records = await readStreamRecords(this.client, this.streams.nameOf(streamId))
    return records.map((record) => toStoredEvent(record, streamId))
  }

  head(): Promise<{ position: GlobalPosition | null; events: number }> {
    return this.log.head()
  }

  countAfter(after: GlobalPosition | null): Promise<number> {
    return this.log.countAfter(after)
  }

  subscribe(
    after: GlobalPosition | null,
    handler: (batch: StoredEvent[]) => Promise<void>,
    options: KurrentSubscribeOptions = {},
  ): Subscription {
    return filteredSubscription(this.client, this.streams, after, handler, options)
  }

  close(): Promise<void> {
    return this.client.dispose()
  }
}
