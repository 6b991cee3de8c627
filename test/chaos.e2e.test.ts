import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openClickHouse } from '@attribution/clickhouse'
import { migrationsFolder } from '@attribution/read-model'
import { EventPublisher } from '@attribution/bus'
import { openEngine, rollOut, type Engine } from '@attribution/cli'
import { loadConfig } from '@attribution/config'
import type { Event } from '@attribution/contracts'
import { openEventStore, type EventStore, type StoredEvent } from '@attribution/event-store'
import { Random, simulate } from '@attribution/simulation'
import { CliProcesses, freePort, type CliProcess } from './support/cliProcess.ts'
import { getJson, postJson, temporaryDataDir, waitUntilProjected } from './support/engine.ts'
import { differingRows, everyTable, readLog } from './support/everyTable.ts'
import { eventually } from './support/eventually.ts'
import { consumerLag, testKafka } from './support/kafka.ts'
import { exampleDocument } from './support/leadDefinitions.ts'
import { freshDatabase } from './support/postgres.ts'
import { everyModel, projectAll } from './support/projection.ts'

/**
 * Chaos: the engine's processes are killed with SIGKILL at random moments while events flow, restarted on the same
 * data, and what they end with is compared with an uninterrupted run of the same events: every ClickHouse table, every
 * model's revenue by campaign to the cent, the funnel, the handoffs, and the event store's ids. CHAOS_SEED=<seed>
 * repeats a run's plan (which batches, which phases, which delays); the moments themselves are as the machine makes them.
 */
const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31))

/** A pause of a chosen length: how a kill lands at a random moment of what a process is doing. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** What one kill hit, for the log of the run and the report. */
interface KillPoint {
  process: 'engine' | 'ingestor' | 'projector'
  phase: string
  observed: string
}

function logKills(path: string, kills: readonly KillPoint[]): void {
  const lines = kills.map((kill, index) => `  ${index + 1}. ${kill.process}, ${kill.phase}: ${kill.observed}`)
  console.info(`chaos seed ${seed}, ${path}: ${kills.length} kill points\n${lines.join('\n')}`)
}

describe(`the engine killed at random moments (CHAOS_SEED=${seed})`, () => {
  // Made by the tests that run (none for a test a filter skips), removed after every child process is gone.
  const dataDirs: { dir: string; remove(): void }[] = []
  const dataDir = (label: string) => {
    const made = temporaryDataDir(label)
    dataDirs.push(made)
    return made.dir
  }
  afterAll(() => {
    for (const made of dataDirs) made.remove()
  })

  describe('embedded: the whole engine in one process, fed over HTTP', () => {
    const events = [...simulate({ accounts: 80, seed: 12 })]
    const steps = embeddedSteps(events)
    const processes = new CliProcesses()
    afterAll(() => processes.killAll())

    it('ends with the same tables, numbers and events as an uninterrupted run', async () => {
      const chaos = dataDir('chaos-embedded')
      const engine = new EngineProcess(processes, chaos, await freePort())
      // The uninterrupted run goes on in this process meanwhile, on a data directory of its own.
      const [kills, uninterrupted] = await Promise.all([runWithKills(steps, engine, new Random(seed, 1)), runUninterrupted(steps, dataDir('chaos-reference'))])
      logKills('embedded', kills)
      // Read in this process once the killed engine has stopped, and the uninterrupted one too: chDB lets a process use
      // one data directory at a time.
      const killed = await withEngineAt(chaos, finalState)

      // The event store: every event sent, once, in the order sent, and the API's own events where they belong.
      const sent = events.map((event) => event.eventId)
      const simulated = killed.log.filter(({ event }) => !engineWritten.has(event.type)).map(({ event }) => event.eventId)
      expect(simulated).toEqual(sent)
      expect(logShape(killed.log)).toEqual(logShape(uninterrupted.log))
      // Something to compare: lifecycles under both definitions, and credits under every kind of model.
      expect(new Set(uninterrupted.tables.lead_lifecycles?.map((row) => (row as { definition_id: string }).definition_id))).toEqual(
        new Set(['intent-and-fit', 'activity-based']),
      )
      expect(creditKeyKinds(uninterrupted.tables)).toEqual([...uninterrupted.models].sort())
      expect(Object.keys(killed.tables)).toEqual(Object.keys(uninterrupted.tables))
      expect(differingRows(killed.tables, uninterrupted.tables)).toEqual({})
      expect(killed.answers).toEqual(uninterrupted.answers)
    }, 300_000)
  })

  describe('server: ingestor and projector processes between Kafka, PostgreSQL and chDB', () => {
    const events = [...simulate({ accounts: 70, seed: 13 })]
    const processes = new CliProcesses()
    afterAll(() => processes.killAll())

    it('stores every published event once and projects the same tables as an uninterrupted projection', async () => {
      const kafka = await testKafka('chaos')
      const database = await freshDatabase('chaos')
      const store = await openEventStore(database.url)
      const projectorData = dataDir('chaos-projector')
      try {
        const kills = await serverWithKills({
          processes,
          events,
          store,
          ingest: {
            KAFKA_BROKERS: kafka.brokers,
            KAFKA_TOPIC_PREFIX: kafka.prefix,
            INGESTOR_GROUP_ID: kafka.groupId,
            INGESTOR_SESSION_TIMEOUT_MS: '6000',
            EVENT_STORE_URL: database.url,
          },
          project: { EVENT_STORE_URL: database.url, ATTRIBUTION_DATA_DIR: projectorData },
          publisher: new EventPublisher(kafka.kafka, kafka.topics),
        })
        logKills('server', kills)
        await eventually(async () => (await consumerLag(kafka)) === 0, 'the ingestors committed every offset', 60_000)

        const log = await readLog(store)
        const ids = log.map(({ event }) => event.eventId)
        expect(ids).toHaveLength(events.length)
        expect(new Set(ids)).toEqual(new Set(events.map((event) => event.eventId)))

        // chDB lets a process use one data directory at a time: the killed projector's, with the reference beside it.
        const path = `${projectorData}/clickhouse`
        const projected = await openClickHouse({ path, database: 'attribution' })
        const uninterrupted = await openClickHouse({ path, database: 'uninterrupted' })
        try {
          await migrate(uninterrupted, migrationsFolder)
          // No other process can read the projector's chDB while it runs, so nobody can tell when it has caught up: it
          // was stopped once every event was stored, and its last run ends here, from the checkpoint the killed
          // processes left, as any restart would.
          await projectAll({ store, clickhouse: projected }, (projector) => projector.train())
          await projectAll({ store, clickhouse: uninterrupted }, (projector) => projector.train())
          const [killedTables, referenceTables] = [await everyTable(projected, log), await everyTable(uninterrupted, log)]
          expect(Object.keys(killedTables)).toEqual(Object.keys(referenceTables))
          expect(differingRows(killedTables, referenceTables)).toEqual({})
          expect(await everyModel(projected)).toEqual(await everyModel(uninterrupted))
        } finally {
          await Promise.all([projected.close(), uninterrupted.close()])
        }
      } finally {
        await store.close()
        await database.drop()
      }
    }, 300_000)
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// Embedded: what is sent, and in which order

/** Events the API writes itself when asked to publish, activate or save: they carry its ids and its clock. */
const engineWritten = new Set(['lead_definition.published', 'lead_definition.activated', 'attribution_model.saved'])

type Step = { kind: 'batch'; events: Event[] } | { kind: 'roll out definitions' } | { kind: 'save custom model' }

/**
 * The history in batches of a producer, with the lead definitions rolled out after a third of it and a custom model
 * saved after two thirds, so the projector keeps lifecycles and custom credits current through the kills that follow.
 */
function embeddedSteps(events: readonly Event[]): Step[] {
  const batches: Step[] = []
  for (let i = 0; i < events.length; i += 200) batches.push({ kind: 'batch', events: events.slice(i, i + 200) })
  const third = Math.round(batches.length / 3)
  return [
    ...batches.slice(0, third),
    { kind: 'roll out definitions' },
    ...batches.slice(third, 2 * third),
    { kind: 'save custom model' },
    ...batches.slice(2 * third),
  ]
}

const customModel = { name: 'our-model', weights: { FT: 30, LC: 30, OC: 30, middle: 10 } }

/** What revenue operations and marketing do through the API, by step: the same calls in both runs. */
const apiSteps: Record<Exclude<Step, { kind: 'batch' }>['kind'], (url: string) => Promise<void>> = {
  async 'roll out definitions'(url) {
    // A replay counts the events applied when it starts: begin both runs' replays from the same point of history.
    await waitUntilProjected(url)
    await rollOut({ url, document: exampleDocument('intent-and-fit'), format: 'yaml', activate: true })
    await rollOut({ url, document: exampleDocument('activity-based'), format: 'yaml', activate: false })
  },
  async 'save custom model'(url) {
    const saved = await postJson(`${url}/v1/attribution/models/${customModel.name}`, { weights: customModel.weights }, 'PUT')
    expect(saved.status).toBe(202)
  },
}

/** Posts a batch; the answer, or null when the engine died before answering. */
async function post(url: string, events: readonly Event[]): Promise<{ accepted: number; duplicates: number; rejected: unknown[] } | null> {
  try {
    const answer = await postJson(`${url}/v1/events`, events)
    expect(answer.status, JSON.stringify(answer.body)).toBe(202)
    return answer.body
  } catch (error) {
    if (error instanceof TypeError) return null // fetch failed: the connection died with the engine
    throw error
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Embedded: the run with kills

type EnginePhase = 'mid-append' | 'mid-projection' | 'idle' | 'right after start'

interface PlannedKill {
  phase: EnginePhase
  /** After the start of the request (mid-append), its answer (mid-projection), lag 0 (idle) or the spawn. */
  delayMs: number
}

/** Kills per phase after a batch, and how long after its moment each waits (ms, drawn uniformly). */
const batchKills = {
  // From the start of the request: a batch of 200 takes some 100 ms to validate and append.
  'mid-append': { count: 2, delayMs: [5, 60] },
  // From the answer: the projector polls every 100 ms and takes a few hundred to apply a batch.
  'mid-projection': { count: 2, delayMs: [20, 300] },
  // From lag 0: trainings of markov and shapley, and crediting of a saved model, run in the background then.
  idle: { count: 2, delayMs: [0, 500] },
} as const

/**
 * Which steps are followed by which kill, by the phases of batchKills, plus an idle kill right after the custom model is
 * saved (the projector is crediting every deal under it then), and which starts are killed: the very first (its
 * migrations) and one restart. The lead definitions' rollout takes no kill: a replay is a job of the API's process, and
 * one killed mid-way counts as failed only after five minutes of silence, to be started again by hand.
 */
function planKills(steps: readonly Step[], random: Random): { atStep: Map<number, PlannedKill>; atStart: Map<number, PlannedKill> } {
  const batchSteps = steps.flatMap((step, index) => (step.kind === 'batch' ? [index] : []))
  const anyBatch = () => batchSteps.splice(random.int(0, batchSteps.length - 1), 1)[0]!
  const atStep = new Map<number, PlannedKill>()
  atStep.set(
    steps.findIndex((step) => step.kind === 'save custom model'),
    { phase: 'idle', delayMs: random.int(0, 300) },
  )
  for (const phase of Object.keys(batchKills) as (keyof typeof batchKills)[]) {
    const { count, delayMs: [min, max] } = batchKills[phase]
    for (let i = 0; i < count; i++) atStep.set(anyBatch(), { phase, delayMs: random.int(min, max) })
  }
  // By the number of the start: the first runs every migration (about 10 s); a restart takes about 5 s to answer.
  const atStart = new Map<number, PlannedKill>([
    [0, { phase: 'right after start', delayMs: random.int(1_500, 8_000) }],
    [random.int(1, atStep.size), { phase: 'right after start', delayMs: random.int(300, 5_000) }],
  ])
  return { atStep, atStart }
}

/** The embedded engine as `attribution start` runs it, on one data directory and port across restarts. */
class EngineProcess {
  private process: CliProcess | undefined
  readonly url: string

  constructor(
    private readonly processes: CliProcesses,
    private readonly dataDir: string,
    private readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`
  }

  start(): void {
    this.process = this.processes.start(['start', '--no-sample', '--data-dir', this.dataDir, '--port', String(this.port)], {})
  }

  /** Waits until the API answers: the engine came back. */
  async ready(): Promise<void> {
    const process = this.process!
    await eventually(
      async () => {
        if (!process.running) throw new Error(`the engine exited while starting:\n${process.stderr}`)
        return fetch(`${this.url}/v1/status`).then(
          (response) => response.ok,
          () => false,
        )
      },
      'the engine answers',
      90_000,
    )
  }

  async kill(): Promise<void> {
    await this.process!.stop('SIGKILL')
  }

  /** A clean stop (SIGTERM): the engine must close everything and exit with 0. */
  async stop(): Promise<void> {
    const code = await this.process!.stop('SIGTERM')
    expect(code, this.process!.stderr).toBe(0)
  }
}

async function runWithKills(steps: readonly Step[], engine: EngineProcess, random: Random): Promise<KillPoint[]> {
  const plan = planKills(steps, random)
  const kills: KillPoint[] = []
  const lag = async () => (await getJson(`${engine.url}/v1/status`)).body.projections[0].lag as number

  let starts = 0
  /** Starts the engine again on the same data; some starts are themselves killed after a planned delay. */
  const restart = async () => {
    engine.start()
    const startKill = plan.atStart.get(starts++)
    if (startKill) {
      await pause(startKill.delayMs)
      const answered = await fetch(`${engine.url}/v1/status`).then(
        () => true,
        () => false,
      )
      await engine.kill()
      const observed = `${startKill.delayMs} ms after spawn, API ${answered ? 'already answering' : 'not up yet'}`
      kills.push({ process: 'engine', phase: startKill.phase, observed })
      engine.start()
    }
    await engine.ready()
  }

  await restart()
  for (const [index, step] of steps.entries()) {
    const kill = plan.atStep.get(index)
    if (step.kind !== 'batch') {
      await apiSteps[step.kind](engine.url)
      if (kill) {
        await waitUntilProjected(engine.url)
        await pause(kill.delayMs)
        await engine.kill()
        kills.push({ process: 'engine', phase: kill.phase, observed: `${kill.delayMs} ms after the custom model save was projected` })
        await restart()
      }
      continue
    }
    if (kill?.phase === 'mid-append') {
      const answer = post(engine.url, step.events)
      await pause(kill.delayMs)
      await engine.kill()
      const answered = await answer
      await restart()
      // Without an answer the producer sends the batch again. It is one transaction: the kill either undid it or came
      // after its commit, so it comes back wholly new or wholly duplicate.
      const outcome = answered ?? (await post(engine.url, step.events))
      const stored = { accepted: step.events.length, duplicates: 0, rejected: [] }
      const storedBefore = { accepted: 0, duplicates: step.events.length, rejected: [] }
      expect([stored, storedBefore]).toContainEqual(outcome)
      const observed = answered ? 'after its answer' : `answer lost, batch ${outcome?.accepted ? 'not stored' : 'committed'}`
      kills.push({ process: 'engine', phase: kill.phase, observed: `${kill.delayMs} ms into the request, ${observed}` })
      continue
    }
    const answer = await post(engine.url, step.events)
    expect(answer?.accepted).toBe(step.events.length)
    if (kill?.phase === 'mid-projection') {
      await pause(kill.delayMs)
      const behind = await lag()
      await engine.kill()
      kills.push({ process: 'engine', phase: kill.phase, observed: `${kill.delayMs} ms after the answer, ${behind} events not yet applied` })
      await restart()
    } else if (kill?.phase === 'idle') {
      await waitUntilProjected(engine.url)
      await pause(kill.delayMs)
      await engine.kill()
      kills.push({ process: 'engine', phase: kill.phase, observed: `${kill.delayMs} ms after lag 0` })
      await restart()
    }
  }
  await waitUntilProjected(engine.url)
  await engine.stop()
  return kills
}

// ---------------------------------------------------------------------------------------------------------------------
// Embedded: the uninterrupted run, and what both runs end with

/** Opens the engine on a data directory in this process, runs `work` with it and its URL, and stops it. */
async function withEngineAt<T>(dataDir: string, work: (engine: Engine, url: string) => Promise<T>): Promise<T> {
  const engine = await openEngine(loadConfig({ dataDir, port: 0, host: '127.0.0.1' }, {}))
  try {
    return await work(engine, await engine.listen())
  } finally {
    await engine.stop()
  }
}

/** The same steps through an engine in this process that nothing interrupts, and what it ends with. */
function runUninterrupted(steps: readonly Step[], dataDir: string): Promise<FinalState> {
  return withEngineAt(dataDir, async (engine, url) => {
    for (const step of steps) {
      if (step.kind === 'batch') expect((await post(url, step.events))?.accepted).toBe(step.events.length)
      else await apiSteps[step.kind](url)
    }
    return finalState(engine, url)
  })
}

interface FinalState {
  log: StoredEvent[]
  tables: Record<string, unknown[]>
  /** The attribution models the API offers. */
  models: string[]
  answers: Record<string, unknown>
}

/**
 * Everything a run ends with. markov and shapley are first trained on all of history: the projector trains them in the
 * background whenever history has grown by 10 %, so the last training of two runs falls at different moments.
 */
async function finalState(engine: Engine, url: string): Promise<FinalState> {
  await waitUntilProjected(url)
  await engine.projector.train()
  await engine.projector.creditCustomModels()
  const log = await readLog(engine.store)
  const models = await offeredModels(url)
  return { log, tables: await everyTable(engine.clickhouse, log), models, answers: await everyAnswer(url, models) }
}

/** The models revenue-by-campaign offers, read from the API's OpenAPI document so that a new one is compared too. */
async function offeredModels(url: string): Promise<string[]> {
  const openApi = (await getJson(`${url}/docs/json`)).body
  const parameters: { name: string; schema: { enum: string[] } }[] = openApi.paths['/v1/revenue-by-campaign'].get.parameters
  return parameters.find(({ name }) => name === 'model')!.schema.enum
}

/** Funnel questions about a fixed moment, so that two runs made minutes apart are asked the same thing. */
const asOf = '2026-10-01T00:00:00.000Z'

/** Revenue by campaign and by channel under every model, the funnel and the handoffs under both definitions. */
async function everyAnswer(url: string, models: readonly string[]): Promise<Record<string, unknown>> {
  const questions: Record<string, string> = {
    funnel: `/v1/funnel?asOf=${asOf}`,
    'funnel by channel under activity-based@1': `/v1/funnel?asOf=${asOf}&groupBy=channel&definition=activity-based@1`,
    handoffs: `/v1/handoffs?asOf=${asOf}`,
    'handoffs under activity-based@1': `/v1/handoffs?asOf=${asOf}&definition=activity-based@1`,
  }
  for (const model of models) {
    for (const level of ['campaign', 'channel']) {
      questions[`${model} by ${level}`] = `/v1/revenue-by-campaign?model=${model}&level=${level}${model === 'custom' ? `&customModel=${customModel.name}` : ''}`
    }
  }
  const answers: Record<string, unknown> = {}
  for (const [question, path] of Object.entries(questions)) {
    const { status, body } = await getJson(`${url}${path}`)
    expect(status, `${path}: ${JSON.stringify(body)}`).toBe(200)
    answers[question] = body
  }
  // savedAt is the wall-clock time of the PUT, which two runs cannot share; the weights and how answers are computed.
  const saved = (await getJson(`${url}/v1/attribution/models`)).body.models as { savedAt: string }[]
  answers['saved models'] = saved.map(({ savedAt: _savedAt, ...model }) => model)
  return answers
}

/** The log in order: events by their ids, except those the API wrote, by their type (their ids are its own). */
function logShape(log: readonly StoredEvent[]): string[] {
  return log.map(({ event }) => (engineWritten.has(event.type) ? event.type : event.eventId))
}

/** The kinds of model credit_lines holds credits under (`markov:channel@4512` is markov, `custom:our-model@…` custom). */
function creditKeyKinds(tables: Record<string, unknown[]>): string[] {
  const keys = (tables.credit_lines ?? []).map((row) => (row as { model: string }).model.split(/[:@]/)[0]!)
  return [...new Set(keys)].sort()
}

// ---------------------------------------------------------------------------------------------------------------------
// Server: Kafka -> ingestor processes -> PostgreSQL -> projector processes -> chDB

interface ServerRun {
  processes: CliProcesses
  events: readonly Event[]
  /** The test's own connection to the event store, to watch it fill. */
  store: EventStore
  ingest: Record<string, string>
  project: Record<string, string>
  publisher: EventPublisher
}

/**
 * Publishes the events in chunks, never more than two chunks ahead of the store, so events flow for as long as the
 * kills go on; meanwhile an ingestor and a projector process run, and each is killed six times: the ingestor right
 * after its start or once it has stored some events, the projector right after its start or once it follows the log.
 * Returns when every event is stored and both processes of the last generation stopped cleanly.
 */
async function serverWithKills(run: ServerRun): Promise<KillPoint[]> {
  const { processes, events, store } = run
  const kills: KillPoint[] = []
  const stored = async () => (await store.head()).events
  let ingestor = processes.start(['ingest'], run.ingest)
  let projector = processes.start(['project'], run.project)

  const publishing = (async () => {
    await run.publisher.connect()
    try {
      const chunk = 150
      for (let published = 0; published < events.length; published += chunk) {
        const inFlight = published - 2 * chunk
        await eventually(async () => (await stored()) >= inFlight, 'the store keeps up with what was published', 120_000)
        await run.publisher.publish(events.slice(published, published + chunk))
      }
    } finally {
      await run.publisher.disconnect()
    }
  })()

  // A stream of the seed each, so that each plan is the same whichever loop draws first.
  const killingIngestors = (async (random: Random) => {
    for (let i = 0; i < 6; i++) {
      const atStart = random.chance(0.3)
      if (atStart) {
        const delayMs = random.int(200, 2_500)
        await pause(delayMs)
        kills.push({ process: 'ingestor', phase: 'right after start', observed: `${delayMs} ms after spawn, ${await stored()} events stored` })
      } else {
        // A share of what is left, so the last kill still finds events to store.
        const before = await stored()
        const growth = random.int(1, Math.max(1, Math.floor((events.length - before) / (7 - i))))
        await eventually(async () => (await stored()) >= before + growth, 'the ingestor stores events', 120_000)
        kills.push({ process: 'ingestor', phase: 'mid-consumption', observed: `once it had stored ${growth} events, ${await stored()} stored` })
      }
      await ingestor.stop('SIGKILL')
      ingestor = processes.start(['ingest'], run.ingest)
    }
  })(new Random(seed, 2))

  const killingProjectors = (async (random: Random) => {
    for (let i = 0; i < 6; i++) {
      const atStart = random.chance(0.4)
      const delayMs = atStart ? random.int(100, 3_000) : random.int(200, 2_500)
      if (!atStart) await projector.printed('project: following the event log')
      await pause(delayMs)
      const following = projector.stderr.includes('project: following the event log')
      const storedAtKill = await stored()
      await projector.stop('SIGKILL')
      kills.push({
        process: 'projector',
        phase: atStart ? 'right after start' : storedAtKill < events.length ? 'mid-projection, events flowing' : 'catching up or idle',
        observed: `${delayMs} ms after ${atStart ? 'spawn' : 'it began following the log'}, ${following ? 'following the log' : 'still starting'}, ${storedAtKill} stored`,
      })
      projector = processes.start(['project'], run.project)
    }
  })(new Random(seed, 3))

  await Promise.all([publishing, killingIngestors, killingProjectors])
  await eventually(async () => (await stored()) === events.length, 'every published event is stored', 120_000)
  await projector.printed('project: following the event log')
  for (const last of [ingestor, projector]) expect(await last.stop('SIGTERM'), last.stderr).toBe(0)
  return kills
}
