import { loadConfig } from '@attribution/config'
import { openApiServer } from '../apiServer.ts'
import { intFlag, type Command } from '../cli.ts'
import { apiLogger } from '../logging.ts'
import { stopOnSignals } from '../wiring.ts'

export const serveCommand: Command = {
  name: 'serve',
  summary: 'server deployment: the HTTP API alone (stateless; run as many as you like)',
  usage: 'KAFKA_BROKERS=host:9092 EVENT_STORE_URL=postgres://... CLICKHOUSE_URL=http://... attribution serve',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  optionHelp: [
    '--port N               port of the HTTP API (default 3000, env PORT)',
    '--host ADDRESS         address to listen on (default 127.0.0.1, env HOST); any other than this machine\'s',
    '                       needs an API key to exist first (attribution keys create), or the API refuses to start',
    '',
    'With KAFKA_BROKERS set, POST /v1/events publishes to Kafka and answers once the broker has the events;',
    'without it, events are appended to the event store directly. Replays are recorded for `attribution project`,',
    'which runs them; any instance reports on any replay.',
  ],
  async run(values) {
    const config = loadConfig({
      port: values.port === undefined ? undefined : intFlag(values, 'port', 3000),
      host: values.host as string | undefined,
    })
    const server = await openApiServer(config, { logger: apiLogger(config.logLevel) })
    stopOnSignals('the API', () => server.stop())
    const url = await server.listen()
    process.stderr.write(`API ready at ${url} (documentation: ${url}/docs)\nDashboard: ${url}/\n`)
  },
}
