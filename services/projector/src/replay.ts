import { randomUUID } from 'node:crypto'
import type { ClickHouse } from '@attribution/clickhouse'
import {
  definitionOf,
  dropStagedFactsExcept,
  insertLifecycleBatch,
  isRunning,
  loadLeadDefinitions,
  loadReplayJobs,
  readCheckpoint,
  runningReplayIds,
  saveReplayJob,
  stagePersonFacts,
  type DefinitionRef,
  type ReplayJob,
  type ReplaySubject,
} from '@attribution/read-model'
import { leadDefinitionStream } from '@attribution/contracts'
import { leadDefinitionVersions, publishedVersion, stateOf } from '@attribution/domain'
import type { EventStore } from '@attribution/event-store'
import { LifecyclePool } from './lifecyclePool.ts'
import { keysFor, type PersonDirectory } from './personDirectory.ts'
import { publicationProjected } from './publicationProjected.ts'
import { replayReporter } from './replayReport.ts'

export interface ReplayRequest extends DefinitionRef {
  clickhouse: ClickHouse
  /** Where the version's publication is read: the definition's stream, which has it before the read model does. */
  store: Pick<EventStore, 'readStream'>
}

export interface ReplayOptions extends ReplayRequest {
  /** The person vault, whose keys open the sealed attributes lead definitions score; absent: read as stored. */
  persons?: PersonDirectory
  /** The facts projection whose tables the replay reads. */
  projection?: string
  /** Persons per step: bounds memory, and sets how often progress is reported. */
  personsPerStep?: number
  onProgress?: (job: ReplayJob) => void
}

/** Refuses a replay, with a reason the user can act on; `statusCode` is the HTTP answer that fits. */
export class ReplayRefused extends Error {
  constructor(
    message: string,
    readonly statusCode: 404 | 409,
  ) {
    super(message)
    this.name = statusCode === 404 ? 'Not Found' : 'Conflict'
  }
}

/**
 * Records a request to replay a published definition version, for the projector to run (ReplayRunner): checks on the
 * definition's stream in the event store that the version is published (the read model may not have it yet) and can
 * be read, and that it is not being replayed already. What the API does; it runs nothing itself.
 */
export async function requestReplay(request: ReplayRequest): Promise<ReplayJob> {
  definitionOf((await publication(request)).stored)
  return recordReplay(request.clickhouse, 'lead_definition', request)
}

/**
 * Records a replay job of any subject, for the projector's runner to take up; refused while one of the same version
 * is under way.
 */
export async function recordReplay(clickhouse: ClickHouse, subject: ReplaySubject, { definitionId, version }: DefinitionRef): Promise<ReplayJob> {
  const underWay = (await loadReplayJobs(clickhouse, { subject, definitionId, version })).find((candidate) => isRunning(candidate))
  if (underWay) {
    throw new ReplayRefused(`${definitionId}@${version} is being replayed already: follow GET /v1/replays/${underWay.jobId}`, 409)
  }
  const now = Date.now()
  const job: ReplayJob = {
    jobId: randomUUID(),
    ...(subject === 'lead_definition' ? {} : { subject }),
    definitionId,
    version,
    state: 'requested',
    personsTotal: 0,
    personsProcessed: 0,
    eventsTotal: 0,
    startedAt: now,
    updatedAt: now,
  }
  await saveReplayJob(clickhouse, job)
  return job
}

/**
 * Runs a requested replay, where projections run. Records the job as running, from which moment the projector keeps
 * the candidate's lifecycles current for every new event once it has applied the publication; waits for that
 * (publicationProjected.ts), then computes every person's lifecycle from the fact tables, without reading the event
 * log: every event is in the facts already, and reading them from ClickHouse is far faster than reading the log. The
 * facts are staged once, sorted by a hash of the person, then read and derived bucket by bucket. Resolves with the job
 * as it ended, done or failed (with the reason); never rejects.
 *
 * Why nothing is lost while ingest goes on: a projector batch writes its facts before it looks up which versions to
 * keep current. A batch that looked before the job was running wrote its facts before the replay reads any, so the
 * replay sees them. A batch that looked after computes the candidate itself. Its rows are labelled with the events
 * applied through that batch, the replay's with the events applied when it started (read after the job was recorded
 * running): where the batch's label is higher the batch read newer facts and ReplacingMergeTree keeps its rows; where
 * it is not, the replay read at least the batch's facts, so whichever row stays is computed from them.
 */
export async function runReplay(requested: ReplayJob, options: ReplayOptions): Promise<ReplayJob> {
  const { clickhouse, definitionId, version } = options
  const job: ReplayJob = { ...requested }
  const projection = options.projection ?? 'facts'
  const report = replayReporter(clickhouse, job, options.onProgress)
  try {
    const { stored, position } = await publication(options)
    const definition = definitionOf(stored)
    await report({ state: 'running' })
    // The projector keeps the candidate current from the batch that applies its publication on (a batch looks the
    // candidates up in the read model); the replay covers what came before.
    await publicationProjected({
      clickhouse,
      projection,
      name: `${definitionId}@${version}`,
      isProjected: async () => (await loadLeadDefinitions(clickhouse, definitionId)).some((stored) => stored.version === version),
      position,
      heartbeat: () => report({}),
    })
    // Read after the job is recorded running (see above): the replay's rows must not claim more than the facts it read.
    const { eventsProcessed } = await readCheckpoint(clickhouse, projection)
    await report({ eventsTotal: eventsProcessed })
    await dropStagedFactsExcept(clickhouse, await runningReplayIds(clickhouse))
    const staged = await stagePersonFacts(clickhouse, job.jobId, options.personsPerStep ?? 20_000)
    const pool = new LifecyclePool()
    try {
      await report({ personsTotal: staged.persons })
      // A pipeline: the main thread reads the next bucket and writes finished ones while workers derive
      // lifecycles, one bucket each. One bucket per worker is in flight, plus the one being read: bounded memory.
      const inFlight = new Set<Promise<void>>()
      let reading = staged.read(0)
      for (let bucket = 0; bucket < staged.buckets; bucket++) {
        const text = await reading
        if (bucket + 1 < staged.buckets) {
          reading = staged.read(bucket + 1)
          // Awaited in the next round; until then a failure must not count as unhandled (it would end the process).
          reading.catch(() => {})
        }
        const written = pool
          .derive({ definition, computedThrough: eventsProcessed, text, keys: options.persons ? [...(await keysFor(options.persons, text))] : [] })
          .then(async ({ batch, persons }) => {
            await insertLifecycleBatch(clickhouse, batch)
            await report({ personsProcessed: job.personsProcessed + persons })
          })
        inFlight.add(written)
        written.then(() => inFlight.delete(written), () => {})
        if (inFlight.size >= pool.size) await Promise.race(inFlight)
      }
      await Promise.all(inFlight)
    } finally {
      await Promise.all([pool.close(), staged.close()])
    }
    await report({ state: 'done', finishedAt: Date.now() })
  } catch (error) {
    await report({ state: 'failed', error: (error as Error).message, finishedAt: Date.now() })
  }
  return { ...job }
}

/** A replay requested and run at once by the caller, with no runner in between: what the tests and the bench use. */
export async function startReplay(options: ReplayOptions): Promise<{ job: ReplayJob; run: () => Promise<ReplayJob> }> {
  const job = await requestReplay(options)
  return { job, run: () => runReplay(job, options) }
}

/** The version's publication as its stream holds it, and where it stands in the log; refused when it is not published. */
async function publication({ store, definitionId, version }: ReplayRequest) {
  const stream = await store.readStream(leadDefinitionStream(definitionId))
  const stored = publishedVersion(stateOf(leadDefinitionVersions, stream.map(({ event }) => event)), version)
  if (!stored) throw new ReplayRefused(`${definitionId}@${version} is not published; publish it with POST /v1/lead-definitions first`, 404)
  // The state was folded from this stream, so the publication is in it.
  const { position } = stream.find(({ event }) => event.eventId === stored.eventId)!
  return { stored, position }
}
