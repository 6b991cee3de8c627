import { START, streamNameFilter, type AllStreamSubscription, type RecordedEvent } from '@eventstore/db-client'
import type { GlobalPosition, StoredEvent, SubscribeOptions, Subscription } from '../eventStore.ts'
import { defaultBatchSize, runSubscription } from '../subscription.ts'
import { toStoredEvent } from './eventRecord.ts'
import type { KurrentClient } from './kurrentClient.ts'
import type { StreamNames } from './streamNames.ts'
import { SubscriptionBatches, type BatchTiming } from './subscriptionBatches.ts'

/**
 * A batch that is not full goes to the handler once the stream pauses for 20 ms (the server has sent what it had:
 * catching up, batches fill to `batchSize` as with polling) and at most 200 ms after its first event (live events
 * arriving steadily in small gaps wait no longer than a caught-up poll would).
 */
export const batchTiming: BatchTiming = { pauseMs: 20, maxWaitMs: 200 }

export interface KurrentSubscribeOptions extends SubscribeOptions {
  /**
   * Called, and awaited like the handler, with a position the server has filtered `$all` up to without finding more of
   * our events: past the last event handed over, so a reader's checkpoint moves on through long stretches of other
   * records and a restart does not scan them again. Never called between a batch's events; which of the server's
   * checkpoints are handed on, and why some wait or are dropped: `serverCheckpoints.ts`. (`idleMs` is not used: the
   * server pushes.)
   */
  onCheckpoint?: (position: GlobalPosition) => Promise<void>
}

/**
 * The KurrentDB catch-up subscription: `subscribeToAll` from `after`, filtered on the server by the store's stream
 * prefix, so records of other streams never cross the network. Events come in batches (see `SubscriptionBatches`),
 * each handler call awaited before more is taken from the server; `stop()`, the abort signal and `done` behave as in
 * the polling subscription (`../subscription.ts`).
 */
export function filteredSubscription(
  client: KurrentClient,
  streams: StreamNames,
  after: GlobalPosition | null,
  handler: (batch: StoredEvent[]) => Promise<void>,
  options: KurrentSubscribeOptions = {},
): Subscription {
  const batchSize = options.batchSize ?? defaultBatchSize
  return runSubscription(options.signal, async (stopping) => {
    if (stopping.aborted) return
    let batches: SubscriptionBatches | undefined
    const subscription: AllStreamSubscription = client.subscribeToAll({
      fromPosition: after ?? START,
      filter: streamNameFilter({
        prefixes: [streams.prefix],
        checkpointReached: (_, position) => batches?.checkpointReached(position),
      }),
    })
    batches = new SubscriptionBatches(subscription, after, (record) => ourEvent(record, streams))
    try {
      for (;;) {
        const batch = await batches.next(batchSize, batchTiming, stopping)
        if (batch === undefined) return
        if (batch.events.length > 0) await handler(batch.events)
        if (batch.checkpoint !== undefined) await options.onCheckpoint?.(batch.checkpoint)
      }
    } finally {
      // The subscription's own failure is what `done` reports, not a failure to cancel the call.
      await subscription.unsubscribe().catch(() => undefined)
    }
  })
}

/**
 * Our event for a record the server let through. The filter already keeps to the store's streams; links (`$>`) and
 * system records (`$`-types, e.g. a deleted stream's tombstone) are passed over should one ever sit in them.
 */
function ourEvent(record: RecordedEvent, streams: StreamNames): StoredEvent | undefined {
  if (record.type.startsWith('$')) return undefined
  const streamId = streams.streamIdOf(record.streamId)
  return streamId === undefined ? undefined : toStoredEvent(record, streamId)
}
