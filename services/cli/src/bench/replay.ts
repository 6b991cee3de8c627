import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { historiesOf, rowsOfBatch, stagePersonFacts, writeCheckpoint, type PositionedEvent } from '@attribution/read-model'
import { streamIdOf, validateEvent, type Event } from '@attribution/contracts'
import type { EventStore } from '@attribution/event-store'
import { startReplay } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
import { ProgressBar } from '../progress.ts'
import { exampleDefinition } from './exampleDefinition.ts'
import { round, timed } from './measure.ts'

export interface ReplayResult {
  events: number
  persons: number
  /** Simulated events turned into fact rows and inserted, the way the projector would (the dataset's setup). */
  loadSeconds: number
  /**
   * Parsing and validating the same events from JSON, no I/O: the ceiling of any replay that starts from the log.
   * Measured on the first million events, which keeps the setup of a ten-million-event run short.
   */
  parseEventsPerSecond: number
  /** Staging, reading and decoding every person's facts from ClickHouse, as the replay does, deriving nothing. */
  readEventsPerSecond: number
  /** The replay itself: read, derive every lifecycle, write. */
  replaySeconds: number
  replayEventsPerSecond: number
  /** replay / read: how close the replay comes to the rate of merely reading its input. */
  replayToRead: number
}

const LOAD_BATCH = 50_000
const PARSE_SAMPLE = 1_000_000

/**
 * Replay of a lead definition over a simulated history of about `targetEvents` events. The history goes straight into
 * the fact tables through the projector's own pure mapping (the projector's throughput is measured by the paths above),
 * so the clock measures the replay alone.
 */
export async function benchReplay(clickhouse: ClickHouse, targetEvents: number): Promise<ReplayResult> {
  const accounts = Math.max(1, Math.round(targetEvents / 31))
  const { definitionId, version, published } = exampleDefinition()

  const loading = new ProgressBar('replay bench: loading facts', targetEvents)
  let position = 0n
  let parseMs = 0
  let parsed = 0
  let batch: PositionedEvent[] = []
  const flush = async () => {
    if (parsed < PARSE_SAMPLE) {
      // What a replay from the log would have to do at the least: parse and validate every event, of every origin.
      const json = batch.map(({ event }) => JSON.stringify(event))
      const parseStarted = performance.now()
      for (const line of json) validateEvent(JSON.parse(line), { reportingCurrency: 'USD', origin: 'engine' })
      parseMs += performance.now() - parseStarted
      parsed += json.length
    }
    await writeRows(clickhouse, rowsOfBatch(batch))
    loading.advance(batch.length)
    batch = []
  }
  const { ms: loadMs } = await timed(async () => {
    for (const event of withFirst(published, simulate({ accounts, seed: 1 }))) {
      position += 1n
      batch.push({ event, position: { commit: position, prepare: position } })
      if (batch.length >= LOAD_BATCH) await flush()
    }
    await flush()
    await writeCheckpoint(clickhouse, 'facts', { position: { commit: position, prepare: position }, eventsProcessed: Number(position) })
  })
  const events = Number(position)
  loading.finish(`loaded ${events.toLocaleString('en-US')} events in ${round(loadMs / 1000)} s`)

  const { result: job, ms: replayMs } = await timed(async () => {
    const replaying = new ProgressBar(`replaying ${definitionId}@${version}`, events)
    let shown = 0
    const { run } = await startReplay({
      clickhouse,
      store: logOfFirst(published),
      definitionId,
      version,
      onProgress: (progress) => {
        const share = progress.personsTotal > 0 ? progress.personsProcessed / progress.personsTotal : 0
        const processed = Math.round(events * share)
        replaying.advance(processed - shown)
        shown = processed
      },
    })
    const done = await run()
    replaying.finish()
    if (done.state !== 'done') throw new Error(`the replay failed: ${done.error}`)
    return done
  })

  // The replay's input alone: staging every fact and reading it back, bucket by bucket.
  const { ms: readMs } = await timed(async () => {
    const staged = await stagePersonFacts(clickhouse, 'bench_read', 20_000)
    for (let bucket = 0; bucket < staged.buckets; bucket++) historiesOf(await staged.read(bucket))
    await staged.close()
  })

  const perSecond = (ms: number) => Math.round(events / (ms / 1000))
  return {
    events,
    persons: job.personsTotal,
    loadSeconds: round(loadMs / 1000, 1),
    parseEventsPerSecond: Math.round(parsed / (parseMs / 1000)),
    readEventsPerSecond: perSecond(readMs),
    replaySeconds: round(replayMs / 1000, 1),
    replayEventsPerSecond: perSecond(replayMs),
    replayToRead: round(readMs / replayMs, 2),
  }
}

/** The streams of the history's log as the replay reads them: the publication, the history's first event. */
function logOfFirst(published: Event): Pick<EventStore, 'readStream'> {
  const stored = { position: { commit: 1n, prepare: 1n }, streamId: streamIdOf(published), streamVersion: 0, recordedAt: published.occurredAt, event: published }
  return { readStream: async (streamId) => (streamId === stored.streamId ? [stored] : []) }
}

/** `first`, then everything of `rest`, without holding `rest` in memory. */
function* withFirst<T>(first: T, rest: Iterable<T>): Generator<T> {
  yield first
  yield* rest
}
