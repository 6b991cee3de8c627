import { buildApp, type EventSink } from '@attribution/api'
import { EventPublisher } from '@attribution/bus'
import { loadConfig } from '@attribution/config'
import { intFlag, type Command } from '../cli.ts'
import { apiPorts, backgroundReplays, closeAll, kafkaOf, openAnalytics, openStore, publishingSink, stopOnSignals } from '../wiring.ts'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'server deployment: the HTTP API alone (stateless; run as many as you like)',
  usage: 'KAFKA_BROKERS=host:9092 EVENT_STORE_URL=postgres://... CLICKHOUSE_URL=http://... attribution serve',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  optionHelp: [
    '--port N               port of the HTTP API (default 3000, env PORT)',
    '--host ADDRESS         address to listen on (default 127.0.0.1, env HOST)',
    '',
    'With KAFKA_BROKERS set, POST /v1/events publishes to Kafka and answers once the broker has the events;',
    'without it, events are appended to the event store directly.',
  ],
  async run(values) {
    const config = loadConfig({
      port: values.port === undefined ? undefined : intFlag(values, 'port', 3000),
      host: values.host as string | undefined,
    })
    const store = await openStore(config)
    const clickhouse = await openAnalytics(config)
    let sink: EventSink = store
    let publisher: EventPublisher | undefined
    if (config.kafkaBrokers) {
      const { kafka, topics } = kafkaOf(config)
      publisher = new EventPublisher(kafka, topics)
      await publisher.connect()
      sink = publishingSink(publisher)
    }
    const replays = backgroundReplays(clickhouse, store)
    const app = await buildApp(apiPorts(config, store, clickhouse, sink, replays), { logger: { level: config.logLevel } })
    stopOnSignals('the API', async () => {
      await app.close()
      await replays.settled()
      await closeAll(() => store.close(), () => clickhouse.close(), async () => publisher?.disconnect())
    })
    await app.listen({ host: config.host, port: config.port })
  },
}
