import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs'

export interface KafkaOptions {
  brokers: string[]
  clientId: string
}

/** Parses KAFKA_BROKERS' comma-separated host:port list. */
export function parseBrokers(list: string): string[] {
  return list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0)
}

export function createKafka(options: KafkaOptions, overrides: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.ERROR,
    logCreator: errorsWorthReading,
    retry: { initialRetryTime: 200, retries: 10 },
    ...overrides,
  })
}

/**
 * kafkajs reports a routine rebalance ("the group is rebalancing, so a rejoin is needed") as an error on every
 * heartbeat, and warns about settings chosen on purpose (a bounded retry count on the idempotent producer: ingestion
 * is idempotent by eventId anyway). Only errors that need a person's attention reach the log.
 */
const errorsWorthReading: logCreator = () => ({ level, log }) => {
  const text = `${log.message} ${String(log.error ?? '')}`
  if (level > logLevel.ERROR || /rebalanc|rejoin/i.test(text)) return
  process.stderr.write(`kafka: ${log.message}${log.error ? ` (${String(log.error)})` : ''}\n`)
}
