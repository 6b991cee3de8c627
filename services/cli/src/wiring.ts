import { mkdirSync } from 'node:fs'
import { migrate, openClickHouse, type ClickHouse } from '@attribution/clickhouse'
import {
  activeChannelRules,
  activeDefinition,
  compareChannelRules,
  compareDefinitions,
  dealJourney,
  listDeals,
  definitionInUse,
  funnel,
  handoffs,
  isRunning,
  loadCustomModels,
  loadChannelRuleSets,
  placementsUnder,
  loadLeadDefinitions,
  loadQuarantined,
  loadReplayJobs,
  migrationsFolder,
  readableVersions,
  replayedChannelRules,
  requestRetry,
  resolveDefinition,
  savedCustomModels,
  servedRevenueByCampaign,
  type CacheLookup,
} from '@attribution/read-model'
import type { ApiKeys, ApiPorts, EngineGauges, Erasures, EventSink, Replays } from '@attribution/api'
import { createKafka, parseBrokers, topicsFor, type EventPublisher, type Kafka, type Topics } from '@attribution/bus'
import { embeddedPaths, type Config } from '@attribution/config'
import {
  formatPosition,
  openEventDatabase,
  openPersonVault,
  type ApiKeyStore,
  type EventDatabase,
  type EventStore,
  type PersonVault,
} from '@attribution/event-store'
import { projectionStatus, requestChannelRulesReplay, requestReplay, type RebuildProgress, type TrainingProgress } from '@attribution/projector'
import { openKeysOf } from './apiAccess.ts'
import { revealedComparison } from './persons.ts'
import { ProgressBar } from './progress.ts'


/** The configured event store: EVENT_STORE_URL, else PGlite in the data directory. */
export async function openStore(config: Config): Promise<EventStore> {
  return (await openDatabase(config)).events
}

/** The configured event store and the API keys kept beside its log (one connection: PGlite allows no second). */
export async function openDatabase(config: Config): Promise<EventDatabase> {
  if (!config.eventStoreUrl) mkdirSync(config.dataDir, { recursive: true })
  return openEventDatabase(config.eventStoreUrl ?? embeddedPaths(config).eventStore, vaultOptions(config))
}

const vaultOptions = (config: Config) => (config.personVaultSecret ? { vaultSecret: config.personVaultSecret } : {})

/**
 * The person vault of a deployment: in PERSON_VAULT_URL's database when set (KurrentDB keeps none beside its log),
 * else beside the event log. Undefined where there is none: events are then stored as sent and nobody can be erased.
 */
export async function openVaultOf(config: Config, database: EventDatabase): Promise<{ vault: PersonVault | undefined; close: () => Promise<void> }> {
  if (!config.personVaultUrl) return { vault: database.vault, close: async () => undefined }
  return openPersonVault(config.personVaultUrl, vaultOptions(config))
}

/** The configured ClickHouse (CLICKHOUSE_URL, else chDB in the data directory), migrated to the current schema. */
export async function openAnalytics(config: Config): Promise<ClickHouse> {
  const clickhouse = await openClickHouse({
    url: config.clickhouseUrl,
    path: embeddedPaths(config).clickhouse,
    database: config.clickhouseDatabase,
  })
  try {
    await migrate(clickhouse, migrationsFolder)
    return clickhouse
  } catch (error) {
    await clickhouse.close()
    throw error
  }
}

export interface Stores {
  store: EventStore
  clickhouse: ClickHouse
  /** Undefined when the deployment keeps none (KurrentDB without API_KEYS_URL): the API then stays in protected mode. */
  keys: ApiKeyStore | undefined
  /** Undefined where the deployment keeps none (KurrentDB without PERSON_VAULT_URL). */
  vault: PersonVault | undefined
  close(): Promise<void>
}

/** The configured event store, API keys and ClickHouse: all open, or none. */
export async function openStores(config: Config): Promise<Stores> {
  const database = await openDatabase(config)
  const store = database.events
  let keys: Awaited<ReturnType<typeof openKeysOf>> | undefined
  let vault: Awaited<ReturnType<typeof openVaultOf>> | undefined
  try {
    keys = await openKeysOf(config, database)
    vault = await openVaultOf(config, database)
    const clickhouse = await openAnalytics(config)
    const { close: closeKeys } = keys
    const { close: closeVault } = vault
    return {
      store,
      clickhouse,
      keys: keys.keys,
      vault: vault.vault,
      close: () => closeAll(() => store.close(), () => clickhouse.close(), closeKeys, closeVault),
    }
  } catch (error) {
    await closeAll(() => store.close(), async () => keys?.close(), async () => vault?.close())
    throw error
  }
}

export function kafkaOf(config: Config): { kafka: Kafka; topics: Topics } {
  if (!config.kafkaBrokers) throw new Error('KAFKA_BROKERS is not set: the server deployment needs a Kafka cluster')
  return {
    kafka: createKafka({ brokers: parseBrokers(config.kafkaBrokers), clientId: config.kafkaClientId }),
    topics: topicsFor(config.kafkaTopicPrefix),
  }
}

/**
 * HTTP ingest in the server deployment: the answer waits for the broker's acknowledgement, so a 202 means the events
 * are durable in Kafka. Duplicates are recognised later, when the ingestor stores them, so none are reported here.
 */
export function publishingSink(publisher: EventPublisher): EventSink {
  return {
    async append(events) {
      await publisher.publish(events)
      return { appended: events.length, duplicates: [] }
    },
  }
}

/**
 * What the API serves from: queries on ClickHouse, status from the store and the stored checkpoint. Producers' events
 * go to `sink`; the engine's own (lead definitions, saved models) go to the store directly in every deployment, since
 * the ingestor refuses them from Kafka.
 */
export function apiPorts(
  config: Config,
  store: EventStore,
  clickhouse: ClickHouse,
  sink: EventSink,
  keys?: ApiKeys,
  persons?: { vault: PersonVault; erasures: Erasures },
  /** Told of every look into the answer cache (the API's metrics count them). */
  onAnswerCacheLookup?: (lookup: CacheLookup) => void,
): ApiPorts {
  return {
    sink,
    ...(keys ? { keys } : {}),
    ...(persons ? { erasures: persons.erasures } : {}),
    gauges: () => engineGauges(store, clickhouse),
    registry: store,
    reportingCurrency: config.reportingCurrency,
    queries: {
      revenueByCampaign: servedRevenueByCampaign(clickhouse, onAnswerCacheLookup, config.reportingCurrency),
      dealJourney: (query) => dealJourney(clickhouse, query, config.reportingCurrency),
      deals: (query) => listDeals(clickhouse, query, config.reportingCurrency),
      customModels: () => savedCustomModels(clickhouse),
      customModel: async (name) => (await loadCustomModels(clickhouse, name))[0],
      leadDefinitions: (definitionId) => loadLeadDefinitions(clickhouse, definitionId),
      resolveDefinition: (requested) => resolveDefinition(clickhouse, requested),
      definitionInUse: (requested) => definitionInUse(clickhouse, requested),
      activeDefinition: () => activeDefinition(clickhouse),
      funnel: (query) => funnel(clickhouse, query, config.reportingCurrency),
      handoffs: (query) => handoffs(clickhouse, query),
      compareDefinitions: async (query) => {
        const comparison = await compareDefinitions(clickhouse, query)
        return persons ? revealedComparison(persons.vault, comparison) : comparison
      },
      channelRuleSets: (rulesId) => loadChannelRuleSets(clickhouse, rulesId),
      activeChannelRules: () => activeChannelRules(clickhouse),
      compareChannelRules: (query) => compareChannelRules(clickhouse, query),
      touchPlacements: (rulesRef, touchpointIds) => placementsUnder(clickhouse, rulesRef, touchpointIds),
    },
    replays: recordedReplays(clickhouse, store),
    quarantine: {
      list: ({ states, limit }) => loadQuarantined(clickhouse, { projection: 'facts', ...(states ? { states } : {}), limit }),
      retry: (eventIds) => requestRetry(clickhouse, 'facts', eventIds),
    },
    async status() {
      const [head, projection] = await Promise.all([store.head(), projectionStatus(store, clickhouse)])
      return {
        eventStore: { head: head.position ? formatPosition(head.position) : null, events: head.events },
        projections: [{ ...projection, position: projection.position ? formatPosition(projection.position) : null }],
      }
    },
  }
}

/**
 * What /metrics reads beyond the status: how old the oldest event the projection has not applied is, and the replays
 * under way with their progress in persons.
 */
async function engineGauges(store: EventStore, clickhouse: ClickHouse): Promise<EngineGauges> {
  const now = Date.now()
  // Replays of lead definitions and of channel rules (whose definitionId is the rules id).
  const [projection, ...jobs] = await Promise.all([
    projectionStatus(store, clickhouse),
    loadReplayJobs(clickhouse, { state: 'requested' }),
    loadReplayJobs(clickhouse, { state: 'running' }),
    loadReplayJobs(clickhouse, { state: 'requested', subject: 'channel_rules' }),
    loadReplayJobs(clickhouse, { state: 'running', subject: 'channel_rules' }),
  ])
  const [oldestWaiting] = await store.readAll(projection.position, 1)
  const lagSeconds = oldestWaiting ? Math.max(0, (now - Date.parse(oldestWaiting.recordedAt)) / 1000) : 0
  const replays = jobs
    .flat()
    .filter((job) => isRunning(job, now))
    .map((job) => ({
      jobId: job.jobId,
      definitionId: job.definitionId,
      version: job.version,
      state: job.state,
      processed: job.personsProcessed,
      total: job.personsTotal,
    }))
  return { projections: [{ name: projection.name, lagSeconds }], replays }
}

/**
 * Replays as the API sees them: jobs recorded in ClickHouse, which the projector's process runs (ReplayRunner) and
 * reports on there. The API holds none, so it can stop at any moment and any instance answers for any job.
 */
function recordedReplays(clickhouse: ClickHouse, store: EventStore): Replays {
  return {
    request: (definition) => requestReplay({ clickhouse, store, ...definition }),
    job: async (jobId) => (await loadReplayJobs(clickhouse, { jobId }))[0],
    replayedVersions: (definitionId) => readableVersions(clickhouse, definitionId),
    replayedChannelRules: (rulesId) => replayedChannelRules(clickhouse, rulesId),
    requestChannelRules: (version) => requestChannelRulesReplay({ clickhouse, store, ...version }),
  }
}

/** Closes what was opened, whatever fails along the way. */
export async function closeAll(...closers: (() => Promise<unknown>)[]): Promise<void> {
  await Promise.allSettled(closers.map((close) => close()))
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function stopOnSignals(name: string, stop: () => Promise<void>): void {
  let stopping = false
  const onSignal = (signal: string) => {
    if (stopping) return
    stopping = true
    process.stderr.write(`\n${signal}: stopping ${name}...\n`)
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`failed to stop cleanly: ${(error as Error).message}\n`)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))
}

/** A rebuild of every deal's credits (once, on an install upgraded from before credit_lines) as a progress bar. */
export function creditRebuildProgress(
  label = 'upgrade: crediting every deal and keeping its journey milestones',
): (progress: RebuildProgress) => void {
  let bar: ProgressBar | undefined
  let shown = 0
  return ({ dealsDone, dealsTotal }) => {
    bar ??= new ProgressBar(label, dealsTotal)
    bar.advance(dealsDone - shown)
    shown = dealsDone
    if (dealsDone === dealsTotal) bar.finish()
  }
}

/** A bar for each saved custom model the projector credits every deal under. */
export function customCreditingProgress(): (model: string, progress: RebuildProgress) => void {
  let current: { model: string; report: (progress: RebuildProgress) => void } | undefined
  return (model, progress) => {
    if (progress.dealsTotal === 0) return
    if (current?.model !== model) current = { model, report: creditRebuildProgress(`custom model ${model}: crediting every deal`) }
    current.report(progress)
  }
}

/** A training of markov and shapley on history (in the background, as history grows) as a progress bar per phase. */
export function trainingProgress(): (progress: TrainingProgress) => void {
  const labels = { paths: 'training markov and shapley: reading every path', credits: 'training markov and shapley: crediting every deal' }
  // A new bar for each phase of each training: the projector trains again as history grows.
  let current: { phase: TrainingProgress['phase']; report: (progress: RebuildProgress) => void } | undefined
  return ({ phase, ...progress }) => {
    if (progress.dealsTotal === 0) return
    if (current?.phase !== phase) current = { phase, report: creditRebuildProgress(labels[phase]) }
    current.report(progress)
  }
}
