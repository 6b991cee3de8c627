import { ensureTopics } from '@attribution/bus'
import { loadConfig } from '@attribution/config'
import { Ingestor } from '@attribution/ingestor'
import { intFlag, type Command } from '../cli.ts'
import { metricsListenOf, metricsOptionHelp, metricsOptions, serveMetrics } from '../metricsServer.ts'
import { closeAll, kafkaOf, openDatabase, openVaultOf, stopOnSignals } from '../wiring.ts'

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'server deployment: consume events from Kafka into the event store (one of a consumer group)',
  usage: 'KAFKA_BROKERS=host:9092 EVENT_STORE_URL=postgres://... attribution ingest',
  options: { partitions: { type: 'string' }, concurrency: { type: 'string' }, ...metricsOptions },
  optionHelp: [
    '--partitions N         partitions for topics this creates when they are missing (default 6)',
    '--concurrency N        partitions this process ingests at once (default 3)',
    ...metricsOptionHelp,
    '',
    'Reads KAFKA_BROKERS, KAFKA_TOPIC_PREFIX (default "attribution."), INGESTOR_GROUP_ID, EVENT_STORE_URL.',
    'Invalid events go to <prefix>dead-letter with the reason; offsets are committed after events are stored.',
    'Run several for more throughput: the group splits the partitions between them.',
  ],
  async run(values) {
    const config = loadConfig()
    const metricsAt = metricsListenOf(values)
    const { kafka, topics } = kafkaOf(config)
    await ensureTopics(kafka, topics, values.partitions === undefined ? undefined : intFlag(values, 'partitions', 6, 1))
    const database = await openDatabase(config)
    const store = database.events
    const vault = await openVaultOf(config, database)
    const log = (message: string) => process.stderr.write(`ingest: ${message}\n`)
    const ingestor = new Ingestor({
      kafka,
      topics,
      groupId: config.ingestorGroupId,
      sessionTimeoutMs: config.ingestorSessionTimeoutMs,
      store,
      reportingCurrency: config.reportingCurrency,
      ...(vault.vault ? { persons: vault.vault } : {}),
      concurrency: intFlag(values, 'concurrency', 3, 1),
      log,
    })
    if (!vault.vault) log('no person vault (KurrentDB without PERSON_VAULT_URL): events are stored as sent, and nobody can be erased')
    const metrics = metricsAt ? await serveMetrics(ingestor.metrics.registry, metricsAt) : undefined
    if (metrics) log(`metrics at ${metrics.url}`)
    stopOnSignals('the ingestor', async () => {
      await metrics?.close()
      await ingestor.stop()
      await closeAll(() => store.close(), vault.close)
      log(`stopped after ${JSON.stringify(ingestor.stats)}`)
    })
    await ingestor.start()
    log(`consuming ${Object.values(topics).filter((topic) => topic !== topics.deadLetter).join(', ')} as group ${config.ingestorGroupId}`)
  },
}
