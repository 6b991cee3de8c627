import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { migrate, openClickHouse } from '@attribution/clickhouse'
import { migrationsFolder, revenueByCampaign, type AttributionQuery } from '@attribution/read-model'
import { loadConfig } from '@attribution/config'
import { defaultAttributionOptions } from '@attribution/domain'
import { openEventStore } from '@attribution/event-store'
import { simulate } from '@attribution/simulation'
import { benchEmbedded } from '../bench/embedded.ts'
import { exampleDefinition } from '../bench/exampleDefinition.ts'
import { benchKafka } from '../bench/kafka.ts'
import { round, type PathResult } from '../bench/measure.ts'
import { benchQueries, type QueryResult } from '../bench/queries.ts'
import { benchReplay, type ReplayResult } from '../bench/replay.ts'
import { benchChannelRulesReplay, type ChannelRulesReplayResult } from '../bench/channelRulesReplay.ts'
import { benchAttributionScale, type ScaleResult } from '../bench/attributionScale.ts'
import { benchLiveAtScale, type LiveAtScaleResult } from '../bench/liveAtScale.ts'
import { intFlag, type Command } from '../cli.ts'

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure end-to-end throughput (embedded and through Kafka) and query latency on this machine',
  usage:
    'attribution bench [--accounts 3000] [--kafka] [--ingestors 1] [--batch-size 5000] [--replay-events 1000000] [--channel-rules-touches 1000000] [--attribution-deals 1000000] [--history-deals 0]',
  options: {
    accounts: { type: 'string' },
    'replay-events': { type: 'string' },
    'channel-rules-touches': { type: 'string' },
    'attribution-deals': { type: 'string' },
    'history-deals': { type: 'string' },
    kafka: { type: 'boolean', default: false },
    ingestors: { type: 'string' },
    'batch-size': { type: 'string' },
  },
  optionHelp: [
    '--accounts N           size of the simulated dataset (about 31 events per account; default 3000)',
    '--kafka                also measure the server path: Kafka (KAFKA_BROKERS, default 127.0.0.1:9092) ->',
    '                       ingestor processes -> PostgreSQL (EVENT_STORE_URL, default postgres://postgres@127.0.0.1:5432/test,',
    '                       in a database of its own that is dropped afterwards) -> an `attribution project` process',
    '                       -> chDB; once with ingest alone, then the whole chain',
    '--ingestors N          ingestor processes in the consumer group for the Kafka path (default 1)',
    '--batch-size N         events per append or produce call (default 5000)',
    '--replay-events N      size of the history a lead definition is replayed over (default 1000000; 0 skips it)',
    '--channel-rules-touches N  raw touches channel rules are replayed over, beside the parse + validate rate of the',
    '                       same touches (default 1000000; 0 skips it)',
    '--attribution-deals N  deals (with ten touches each) that revenue-by-campaign is measured over at 1, 8 and 64',
    '                       concurrent clients, after crediting all of them (default 1000000; 0 skips it)',
    '--history-deals N      also measure the embedded path on top of a history of N deals (ten touches each, credited',
    '                       under every model): the same events as the empty-history run, so the two rates compare',
    '                       (default 0: skipped)',
    '',
    'Prints a table on standard error and the results as JSON on standard output. `pnpm bench` starts the local',
    'Kafka broker and PostgreSQL when needed and runs this with --kafka.',
  ],
  async run(values) {
    const config = loadConfig()
    const accounts = intFlag(values, 'accounts', 3_000, 1)
    const batchSize = intFlag(values, 'batch-size', 5_000, 1)
    // The example definition active from the start: the projector keeps lifecycles current as it does in use.
    const { published, activated } = exampleDefinition()
    const events = [published, activated, ...simulate({ accounts, seed: 1 })]
    const workDir = mkdtempSync(path.join(tmpdir(), 'attribution-bench-'))
    const clickhouseFor = async (database: string) => {
      const clickhouse = await openClickHouse({ path: path.join(workDir, 'clickhouse'), database })
      await migrate(clickhouse, migrationsFolder)
      return clickhouse
    }
    const paths: PathResult[] = []
    const queries: QueryResult[] = []
    let replay: ReplayResult | undefined
    let channelRules: ChannelRulesReplayResult | undefined
    let scale: ScaleResult | undefined
    let liveAtScale: LiveAtScaleResult | undefined
    let embeddedPeakRssMb = 0
    try {
      const embedded = await clickhouseFor('bench_embedded')
      paths.push(await benchEmbedded(events, path.join(workDir, 'event-store'), embedded, batchSize))
      const wShaped = { model: 'w_shaped', level: 'campaign', ...defaultAttributionOptions } as const
      for (const [concurrency, rounds] of [[1, 20], [8, 5], [64, 2]] as const) {
        const ask = (query: AttributionQuery) => revenueByCampaign(embedded, query)
        queries.push(await benchQueries('revenue-by-campaign w_shaped, all time', [wShaped], ask, concurrency, rounds))
      }
      await embedded.close()
      embeddedPeakRssMb = peakRssMb()

      const historyDeals = intFlag(values, 'history-deals', 0)
      if (historyDeals > 0) {
        const clickhouse = await clickhouseFor('bench_live')
        try {
          liveAtScale = await benchLiveAtScale(events, workDir, clickhouse, historyDeals, batchSize)
        } finally {
          await clickhouse.close()
        }
      }

      const attributionDeals = intFlag(values, 'attribution-deals', 1_000_000)
      if (attributionDeals > 0) {
        const clickhouse = await clickhouseFor('bench_attribution')
        try {
          scale = await benchAttributionScale(clickhouse, attributionDeals)
          queries.push(...scale.queries)
        } finally {
          await clickhouse.close()
        }
      }

      const replayEvents = intFlag(values, 'replay-events', 1_000_000)
      if (replayEvents > 0) {
        const clickhouse = await clickhouseFor('bench_replay')
        try {
          replay = await benchReplay(clickhouse, replayEvents)
        } finally {
          await clickhouse.close()
        }
      }

      const channelRulesTouches = intFlag(values, 'channel-rules-touches', 1_000_000)
      if (channelRulesTouches > 0) {
        const clickhouse = await clickhouseFor('bench_channel_rules')
        try {
          channelRules = await benchChannelRulesReplay(clickhouse, channelRulesTouches)
        } finally {
          await clickhouse.close()
        }
      }

      if (values.kafka) {
        const databaseUrl = config.eventStoreUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
        const kafka = {
          brokers: config.kafkaBrokers ?? '127.0.0.1:9092',
          batchSize,
          ingestors: intFlag(values, 'ingestors', 1, 1),
        }
        // Ingest alone first, then the whole chain: the difference tells the ingestor's limit from the projector's.
        for (const withProjector of [false, true]) {
          const eventStoreUrl = await createDatabase(databaseUrl, `bench_${Date.now()}`)
          const store = await openEventStore(eventStoreUrl)
          const projectorDataDir = withProjector ? path.join(workDir, 'kafka-projector') : undefined
          try {
            paths.push(await benchKafka(events, { ...kafka, eventStoreUrl, store, projectorDataDir }))
          } finally {
            await store.close()
            await dropDatabase(databaseUrl, eventStoreUrl)
          }
        }
      }
    } finally {
      removeWorkDir(workDir)
    }
    printTable(paths, queries, replay, scale, liveAtScale, channelRules)
    // The scale bench's query results are among `queries`; the rest of it goes under its own name.
    const attributionScale = scale && { ...scale, queries: undefined }
    const memory = { embeddedPeakRssMb, peakRssMb: peakRssMb() }
    const results = { machine: machine(), dataset: { accounts, events: events.length }, paths, liveAtScale, memory, queries, replay, channelRules, attributionScale }
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`)
  },
}

/**
 * The run's files go, but a failure to remove them must not lose the results: chDB may still be writing a background
 * merge into its directory as the run ends, which rmdir meets as ENOTEMPTY.
 */
function removeWorkDir(workDir: string): void {
  try {
    rmSync(workDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
  } catch (error) {
    process.stderr.write(`could not remove ${workDir} (${(error as Error).message}); remove it by hand\n`)
  }
}

/** A database of its own on the server of `databaseUrl`, for a run's ingestor processes to share; returns its URL. */
async function createDatabase(databaseUrl: string, name: string): Promise<string> {
  await onServer(databaseUrl, `CREATE DATABASE ${name}`)
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function dropDatabase(databaseUrl: string, url: string): Promise<void> {
  await onServer(databaseUrl, `DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`)
}

async function onServer(databaseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

/** The process's resident memory at its highest so far, in MB: the embedded engine runs in this process. */
const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024)

function machine(): { node: string; platform: string; cpus: number } {
  return { node: process.version, platform: process.platform, cpus: availableParallelism() }
}

/** A plain text table: the first column left-aligned to its widest cell, the others right-aligned. */
function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))]
  const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)))
  return cells
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart((widths[column] ?? 0) + 2))).join(''))
    .join('\n')
}

function printTable(
  paths: PathResult[],
  queries: QueryResult[],
  replay: ReplayResult | undefined,
  scale: ScaleResult | undefined,
  live: LiveAtScaleResult | undefined,
  channelRules: ChannelRulesReplayResult | undefined,
): void {
  const liveRow = live
    ? [[`embedded, on a history of ${live.historyDeals.toLocaleString('en-US')} deals`, live.events, live.eventsPerSecond, '', '', live.drainMs]]
    : []
  const pathTable = table(
    ['path', 'events', 'events/s', 'write p50 ms', 'p99 ms', 'drain ms'],
    [...paths.map((result) => [result.path, result.events, result.eventsPerSecond, result.writeP50Ms, result.writeP99Ms, result.drainMs]), ...liveRow],
  )
  const queryTable = table(
    ['query', 'clients', 'requests', 'p50 ms', 'p99 ms', 'per s'],
    queries.map((result) => [result.query, result.concurrency, result.requests, result.p50Ms, result.p99Ms, result.perSecond]),
  )
  const replayTable = replay
    ? table(
        ['replay of a lead definition', 'events', 'seconds', 'events/s'],
        [
          ['parse + validate the events (JSON, no I/O)', replay.events, '', replay.parseEventsPerSecond],
          ['read + decode their facts from ClickHouse', replay.events, '', replay.readEventsPerSecond],
          ['replay: read, derive lifecycles, write', replay.events, replay.replaySeconds, replay.replayEventsPerSecond],
        ],
      )
    : ''
  const channelRulesTable = channelRules
    ? table(
        ['replay of channel rules', 'touches', 'seconds', 'touches/s'],
        [
          ['parse + validate the raw touches (JSON, URLs parsed, no I/O)', channelRules.touches, '', channelRules.parseTouchesPerSecond],
          ['replay: read the touch facts, classify, write', channelRules.touches, channelRules.replaySeconds, channelRules.replayTouchesPerSecond],
        ],
      )
    : ''
  const scaleTable = scale
    ? table(
        ['attribution at scale', 'deals', 'touchpoints', 'seconds', 'deals/s'],
        [
          ['credit every deal under every rule-based model, keep its journey milestones', scale.dataset.deals, scale.dataset.touchpoints, scale.creditSeconds, scale.creditDealsPerSecond],
          [
            `train markov + shapley on ${scale.training.journeys.toLocaleString('en-US')} journeys, credit every deal`,
            scale.dataset.deals,
            scale.dataset.touchpoints,
            scale.training.seconds,
            Math.round(scale.dataset.deals / scale.training.seconds),
          ],
          [
            'credit every deal under a saved custom model',
            scale.dataset.deals,
            scale.dataset.touchpoints,
            scale.customCreditSeconds,
            Math.round(scale.dataset.deals / scale.customCreditSeconds),
          ],
          [
            `refresh after a live batch of ${scale.batchRefresh.events.toLocaleString('en-US')} events (median of ${scale.batchRefresh.batches}; slowest ${round(scale.batchRefresh.maxMs / 1000, 2)} s)`,
            scale.batchRefresh.deals,
            '',
            round(scale.batchRefresh.p50Ms / 1000, 2),
            Math.round(scale.batchRefresh.deals / (scale.batchRefresh.p50Ms / 1000)),
          ],
        ],
      )
    : ''
  process.stderr.write(`${pathTable}\n\n${queryTable}\n${[replayTable, channelRulesTable, scaleTable].filter(Boolean).map((text) => `\n${text}\n`).join('')}`)
}
