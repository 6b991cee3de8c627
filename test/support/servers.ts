import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

/**
 * The real servers the integration tests talk to, decided once per run:
 * 1. what the environment names (KAFKA_BROKERS, DATABASE_URL): a developer's own servers;
 * 2. else containers (testcontainers), when a Docker engine answers;
 * 3. else local processes: the Kafka broker from infra/kafka (Apache Kafka from Maven Central) and the machine's
 *    PostgreSQL on 127.0.0.1:5432. This is the path CI takes here, and the Kafka tests really run on it.
 */
export interface Servers {
  kafkaBrokers: string
  databaseUrl: string
  stop(): Promise<void>
}

const run = promisify(execFile)
const kafkaScript = path.resolve(import.meta.dirname, '../../infra/kafka/kafka.sh')

async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 })
    return true
  } catch {
    return false
  }
}

async function localKafkaRuns(): Promise<boolean> {
  try {
    await run('bash', [kafkaScript, 'status'], { timeout: 30_000 })
    return true
  } catch {
    return false
  }
}

export async function startServers(log: (message: string) => void): Promise<Servers> {
  const stops: (() => Promise<unknown>)[] = []
  let kafkaBrokers = process.env.KAFKA_BROKERS
  let databaseUrl = process.env.DATABASE_URL
  const docker = (!kafkaBrokers || !databaseUrl) && (await dockerAnswers())

  if (!kafkaBrokers && docker) {
    const { KafkaContainer } = await import('./containers.ts')
    const kafka = await KafkaContainer.start()
    kafkaBrokers = kafka.brokers
    stops.push(() => kafka.stop())
  } else if (!kafkaBrokers) {
    kafkaBrokers = `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`
    if (await localKafkaRuns()) {
      log(`using the local Kafka broker already running at ${kafkaBrokers}`)
    } else {
      log('starting the local Kafka broker (infra/kafka/kafka.sh start)')
      await run('bash', [kafkaScript, 'start'], { timeout: 300_000 })
      stops.push(() => run('bash', [kafkaScript, 'stop'], { timeout: 60_000 }))
    }
  }

  if (!databaseUrl && docker) {
    const { PostgresContainer } = await import('./containers.ts')
    const postgres = await PostgresContainer.start()
    databaseUrl = postgres.url
    stops.push(() => postgres.stop())
  }
  databaseUrl ??= 'postgres://postgres@127.0.0.1:5432/test'

  return {
    kafkaBrokers,
    databaseUrl,
    async stop() {
      await Promise.allSettled(stops.reverse().map((stop) => stop()))
    },
  }
}
