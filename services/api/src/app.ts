import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { maxIdLength } from '@attribution/contracts'
import { bodyLimits } from './bodyLimits.ts'
import { registerDashboard, type DashboardFiles } from './dashboard.ts'
import { registerBodyParsers } from './bodyParsers.ts'
import { frameworkErrors, registerErrorHandler } from './errors.ts'
import type { ApiPorts } from './ports.ts'
import { querystringParser, refuseUnreadableTargets } from './requestTarget.ts'
import { attributionOptionRoutes } from './routes/attributionOptions.ts'
import { compareDefinitionsRoutes } from './routes/compareDefinitions.ts'
import { customModelRoutes } from './routes/customModels.ts'
import { dealRoutes } from './routes/deals.ts'
import { eventsRoutes } from './routes/events.ts'
import { funnelRoutes } from './routes/funnel.ts'
import { journeyRoutes } from './routes/journey.ts'
import { leadDefinitionRoutes } from './routes/leadDefinitions.ts'
import { quarantineRoutes } from './routes/quarantine.ts'
import { replayRoutes } from './routes/replays.ts'
import { revenueRoutes } from './routes/revenue.ts'
import { statusRoutes } from './routes/status.ts'

export interface AppExtras {
  /** The dashboard's built files, served at `/` and its pages' paths; left out, the API serves no page. */
  dashboard?: DashboardFiles
}

export async function buildApp(ports: ApiPorts, options: FastifyServerOptions = {}, extras: AppExtras = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: bodyLimits.other,
    // A path parameter is an id of at most maxIdLength characters, each at most 9 characters percent-encoded.
    routerOptions: { querystringParser, maxParamLength: 9 * maxIdLength },
    frameworkErrors,
    ...options,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)
  registerBodyParsers(app)
  refuseUnreadableTargets(app)
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
  await app.register(attributionOptionRoutes, ports)
  await app.register(customModelRoutes, ports)
  await app.register(dealRoutes, ports)
  await app.register(journeyRoutes, ports)
  await app.register(leadDefinitionRoutes, ports)
  await app.register(replayRoutes, ports)
  await app.register(compareDefinitionsRoutes, ports)
  await app.register(funnelRoutes, ports)
  await app.register(statusRoutes, ports)
  await app.register(quarantineRoutes, ports)
  if (extras.dashboard) await registerDashboard(app, extras.dashboard)
  return app
}
