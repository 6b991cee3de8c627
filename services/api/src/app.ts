import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { maxIdLength } from '@attribution/contracts'
import { registerErrorHandler } from './errors.ts'
import type { ApiPorts } from './ports.ts'
import { compareDefinitionsRoutes } from './routes/compareDefinitions.ts'
import { customModelRoutes } from './routes/customModels.ts'
import { eventsRoutes } from './routes/events.ts'
import { funnelRoutes } from './routes/funnel.ts'
import { journeyRoutes } from './routes/journey.ts'
import { leadDefinitionRoutes } from './routes/leadDefinitions.ts'
import { quarantineRoutes } from './routes/quarantine.ts'
import { replayRoutes } from './routes/replays.ts'
import { revenueRoutes } from './routes/revenue.ts'
import { statusRoutes } from './routes/status.ts'

/** Large enough for a full batch of 10,000 ordinary events, small enough to refuse a runaway upload early. */
export const BODY_LIMIT_BYTES = 32 * 1024 * 1024

/**
 * Path parameters are ids (a deal's, a definition's): up to maxIdLength characters, each up to four UTF-8 bytes written
 * as %XX. Fastify's default of 100 would refuse the journey of a deal whose id the contract accepts.
 */
const MAX_PARAM_LENGTH = maxIdLength * 4 * 3

export async function buildApp(ports: ApiPorts, options: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: BODY_LIMIT_BYTES, maxParamLength: MAX_PARAM_LENGTH, ...options })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Closed-loop attribution engine',
        description:
          'Ingest touchpoint, handoff and deal events; read pipeline and revenue by campaign, the funnel and handoff ' +
          'health; publish, replay, compare and activate lead definitions.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  await app.register(eventsRoutes, ports)
  await app.register(revenueRoutes, ports)
  await app.register(customModelRoutes, ports)
  await app.register(journeyRoutes, ports)
  await app.register(leadDefinitionRoutes, ports)
  await app.register(replayRoutes, ports)
  await app.register(compareDefinitionsRoutes, ports)
  await app.register(funnelRoutes, ports)
  await app.register(statusRoutes, ports)
  await app.register(quarantineRoutes, ports)
  return app
}
