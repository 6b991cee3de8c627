import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers'

/** Kafka and PostgreSQL in containers, for machines with a Docker engine (loaded only there). */
export const KafkaContainer = {
  async start(): Promise<{ brokers: string; stop(): Promise<unknown> }> {
    const port = 9092
    const container: StartedTestContainer = await new GenericContainer('apache/kafka:3.9.1')
      .withExposedPorts({ container: port, host: 39092 })
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `PLAINTEXT://:${port},CONTROLLER://:9093`,
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://127.0.0.1:39092',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .start()
    return { brokers: '127.0.0.1:39092', stop: () => container.stop() }
  },
}

export const PostgresContainer = {
  async start(): Promise<{ url: string; stop(): Promise<unknown> }> {
    const container = await new GenericContainer('postgres:17.6')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start()
    return { url: `postgres://postgres@${container.getHost()}:${container.getMappedPort(5432)}/test`, stop: () => container.stop() }
  },
}
