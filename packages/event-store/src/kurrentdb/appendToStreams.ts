import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Event } from '@attribution/contracts'
import { NO_STREAM, WrongExpectedVersionError, type EventData } from '@eventstore/db-client'
import { planAppend, streamsOfAppend, type StoreState } from '../appendPlan.ts'
import type { AppendResult, ExpectedVersion } from '../eventStore.ts'
import { metadataOf, toEventData } from './eventRecord.ts'
import { readStreamRecords, type KurrentClient } from './kurrentClient.ts'
import type { StreamNames } from './streamNames.ts'

/** Streams read at once while checking a batch, and while confirming its writes. */
const readConcurrency = 16
/** Conflicts with other appenders one stream may meet before the append gives up. */
const maxConflictsPerStream = 20
/** Most bytes of data and metadata in one append: half of KurrentDB's default limit (MaxAppendSize, 1 MiB). */
const maxAppendBytes = 512 * 1024

interface StreamState {
  /** The stream's last revision; undefined: no stream. */
  version: number | undefined
  eventIds: ReadonlySet<string>
}

const noStream: StreamState = { version: undefined, eventIds: new Set() }

/** An append that KurrentDB acknowledged: ours, unless the server matched it to identical records already there. */
interface Acknowledged {
  streamName: string
  firstRevision: number
  appendId: string
  eventIds: string[]
}

/**
 * Appends a batch to KurrentDB, one stream at a time in the order the streams first appear in the batch.
 *
 * 1. Reads every stream the batch touches or names in `expectedVersions` (whole streams: entity streams are short),
 *    then plans with the SQL adapters' rules: ids already in their stream or repeated in the batch are duplicates, and
 *    an expected version that does not hold throws `ConcurrencyError` before anything is written.
 * 2. Appends each stream's new events with the revision just read as the expected revision, which KurrentDB checks
 *    atomically: two appenders can never both add to the same revision, so an id cannot be stored twice in its stream.
 *    A `WrongExpectedVersionError` means another appender got there first: the stream is read and planned again (its
 *    ids may now be duplicates, or a caller's expected version no longer holds: `ConcurrencyError`) and the rest retried.
 * 3. KurrentDB answers an append whose event ids already sit at exactly the expected revisions with success, without
 *    writing: its own idempotency, keyed by the ids `eventUuid` derives. Each append carries a random `appendId` in its
 *    metadata, and reading back its first record tells our write from such an acknowledgement of someone else's.
 *
 * Atomic per stream, not per batch: when a stream fails (a caller's expected version broken by a concurrent append,
 * a lost connection) the streams before it stay stored and the call throws; a retry of the batch reports them as
 * duplicates. One stream's events beyond `maxAppendBytes` go in several appends, each atomic. Expected versions of
 * streams the batch does not append to are checked in step 1 only.
 *
 * Cost per stream of the batch: a read of the whole stream, an append, a one-record read; appends run one after
 * another so that the batch keeps its order in `$all`.
 */
export async function appendToStreams(
  client: KurrentClient,
  streams: StreamNames,
  events: Event[],
  expectedVersions: Record<string, ExpectedVersion> = {},
): Promise<AppendResult> {
  if (events.length === 0) return { appended: 0, duplicates: [] }
  const streamIds = streamsOfAppend(events, expectedVersions)
  const states = new Map(
    await mapConcurrently(streamIds, async (id) => [id, await readState(client, streams.nameOf(id))] as const),
  )
  const plan = planAppend(events, storeStateOf(states), expectedVersions)

  const byStream = new Map<string, Event[]>()
  for (const { event, streamId } of plan.toStore) {
    const pending = byStream.get(streamId)
    if (pending) pending.push(event)
    else byStream.set(streamId, [event])
  }
  const acknowledged: Acknowledged[] = []
  for (const [streamId, pending] of byStream) {
    const expected = Object.hasOwn(expectedVersions, streamId) ? expectedVersions[streamId] : undefined
    acknowledged.push(...(await appendToStream(client, streams, streamId, pending, states.get(streamId), expected)))
  }
  const written = await mapConcurrently(acknowledged, async (ack) => ((await writtenBy(client, ack)) ? ack.eventIds : []))
  return tally(events, written.flat())
}

/** Appends one stream's new events, re-planning after each conflict with another appender. */
async function appendToStream(
  client: KurrentClient,
  streams: StreamNames,
  streamId: string,
  events: Event[],
  initial: StreamState | undefined,
  callerExpected: ExpectedVersion | undefined,
): Promise<Acknowledged[]> {
  const streamName = streams.nameOf(streamId)
  const acknowledged: Acknowledged[] = []
  let pending = events
  let state = initial ?? noStream
  // The caller's expected version holds until our first append; from there on, the revision our appends left.
  let expected = callerExpected
  for (let conflicts = 0; pending.length > 0; ) {
    const appendId = randomUUID()
    const chunk = firstChunk(pending.map((event) => toEventData(event, appendId)))
    const firstRevision = (state.version ?? -1) + 1
    try {
      await client.appendToStream(streamName, chunk, {
        expectedRevision: state.version === undefined ? NO_STREAM : BigInt(state.version),
      })
      const eventIds = pending.slice(0, chunk.length).map((event) => event.eventId)
      acknowledged.push({ streamName, firstRevision, appendId, eventIds })
      pending = pending.slice(chunk.length)
      state = { version: firstRevision + chunk.length - 1, eventIds: state.eventIds }
      if (expected !== undefined) expected = state.version
      continue
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error
      if (++conflicts >= maxConflictsPerStream) {
        const message = `gave up appending to ${streamName} after ${conflicts} conflicts with other appenders`
        throw new Error(message, { cause: error })
      }
    }
    // Jitter, so that appenders racing for one stream stop colliding in lockstep.
    await sleep(Math.random() * Math.min(50, 2 ** conflicts))
    state = await readState(client, streamName)
    const replanned = planAppend(
      pending,
      storeStateOf(new Map([[streamId, state]])),
      expected === undefined ? {} : { [streamId]: expected },
    )
    pending = replanned.toStore.map((planned) => planned.event)
  }
  return acknowledged
}

/** As many leading events as fit one append (at least one: a single event too large is the server's to refuse). */
function firstChunk(events: EventData[]): EventData[] {
  let bytes = 0
  for (const [i, event] of events.entries()) {
    bytes += Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata))
    if (bytes > maxAppendBytes && i > 0) return events.slice(0, i)
  }
  return events
}

async function readState(client: KurrentClient, streamName: string): Promise<StreamState> {
  const records = await readStreamRecords(client, streamName)
  const last = records.at(-1)
  return {
    version: last === undefined ? undefined : Number(last.revision),
    eventIds: new Set(records.map((record) => metadataOf(record).eventId)),
  }
}

/**
 * Whether an acknowledged append wrote its records (its `appendId` on the first) or the server matched them to
 * records another appender wrote, which must then hold exactly our events.
 */
async function writtenBy(client: KurrentClient, ack: Acknowledged): Promise<boolean> {
  const fromRevision = BigInt(ack.firstRevision)
  const [first] = await readStreamRecords(client, ack.streamName, { fromRevision, maxCount: 1 })
  if (first !== undefined && metadataOf(first).appendId === ack.appendId) return true
  const found = await readStreamRecords(client, ack.streamName, { fromRevision, maxCount: ack.eventIds.length })
  const foundIds = found.map((record) => metadataOf(record).eventId)
  if (foundIds.join('\n') !== ack.eventIds.join('\n')) {
    const where = `${ack.streamName} at revision ${ack.firstRevision}`
    throw new Error(`KurrentDB acknowledged an append to ${where} whose events it does not hold`)
  }
  return false
}

function storeStateOf(states: ReadonlyMap<string, StreamState>): StoreState {
  const storedEventIds = new Set<string>()
  const streamVersions = new Map<string, number>()
  for (const [streamId, state] of states) {
    for (const id of state.eventIds) storedEventIds.add(id)
    if (state.version !== undefined) streamVersions.set(streamId, state.version)
  }
  return { storedEventIds, streamVersions }
}

/** Each occurrence of an id this call stored counts as appended once; every other occurrence is a duplicate. */
function tally(events: Event[], storedIds: string[]): AppendResult {
  const unclaimed = new Set(storedIds)
  const duplicates: string[] = []
  for (const event of events) if (!unclaimed.delete(event.eventId)) duplicates.push(event.eventId)
  return { appended: storedIds.length, duplicates }
}

async function mapConcurrently<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await fn(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(readConcurrency, items.length) }, worker))
  return results
}
