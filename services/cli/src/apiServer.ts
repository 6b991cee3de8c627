import { dashboardFiles } from '@attribution/dashboard'
import { ApiMetrics, buildApp, type EventSink } from '@attribution/api'
import { EventPublisher } from '@attribution/bus'
import type { Config } from '@attribution/config'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { apiLimitsOf, refuseUnprotectedListen } from './apiAccess.ts'
import { personsOf, screeningSink, vaultedSink } from './persons.ts'
import { apiPorts, closeAll, kafkaOf, openStores, publishingSink } from './wiring.ts'

export interface ApiServer {
  app: FastifyInstance
  listen(): Promise<string>
  stop(): Promise<void>
}

/**
 * `attribution serve`: the HTTP API alone, holding nothing but connections. Producers' events go to Kafka when
 * KAFKA_BROKERS is set (else to the event store); replays are recorded for the projector to run; every answer is
 * read from the stores, so instances can be added, removed or killed at any moment.
 */
export async function openApiServer(config: Config, options: Pick<FastifyServerOptions, 'logger'> = {}): Promise<ApiServer> {
  await refuseUnprotectedListen(config)
  const stores = await openStores(config)
  const { store, clickhouse, keys, vault } = stores
  let publisher: EventPublisher | undefined
  try {
    let sink: EventSink = vault ? vaultedSink(vault, store) : store
    if (config.kafkaBrokers) {
      const { kafka, topics } = kafkaOf(config)
      publisher = new EventPublisher(kafka, topics)
      await publisher.connect()
      sink = vault ? screeningSink(vault, publishingSink(publisher)) : publishingSink(publisher)
    }
    const persons = personsOf(vault, clickhouse)
    const metrics = new ApiMetrics()
    const ports = apiPorts(config, store, clickhouse, sink, keys, persons, (lookup) => metrics.countAnswerCacheLookup(lookup))
    const app = await buildApp(ports, options, apiLimitsOf(config), { dashboard: dashboardFiles, metrics })
    await persons?.erasures.resume()
    return {
      app,
      listen: () => app.listen({ host: config.host, port: config.port }),
      async stop() {
        await app.close()
        await persons?.erasures.settle()
        await closeAll(() => stores.close(), async () => publisher?.disconnect())
      },
    }
  } catch (error) {
    await closeAll(() => stores.close(), async () => publisher?.disconnect())
    throw error
  }
}
