import { Kafka, logLevel, type KafkaConfig } from 'kafkajs'

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
    // kafkajs logs every reconnect and rebalance at INFO; the services log what matters themselves.
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 10 },
    ...overrides,
  })
}
