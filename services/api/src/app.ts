import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { maxIdLength } from '@attribution/contracts'
import { refuseForeignWrites } from './access/crossOrigin.ts'
import { requireKeys } from './access/authentication.ts'
import { KeyRing } from './access/keyRing.ts'
import { gateExpensiveQueries, QueryGate } from './access/queryGate.ts'
import { limitRequestsPerKey } from './access/rateLimits.ts'
import { recordRouteScopes, registerPublic } from './access/routeScopes.ts'
import { bodyLimits } from './bodyLimits.ts'
import { registerDashboard, type DashboardFiles } from './dashboard.ts'
import { registerBodyParsers } from './bodyParsers.ts'
import { frameworkErrors, registerErrorHandler } from './errors.ts'
import { defaultLimits, type ApiLimits } from './limits.ts'
import { withPrivateLogs } from './logging.ts'
import { ApiMetrics } from './metrics/apiMetrics.ts'
import { measureRequests } from './metrics/httpMetrics.ts'
import type { ApiPorts } from './ports.ts'
import { querystringParser, refuseUnreadableTargets } from './requestTarget.ts'
import { attributionOptionRoutes } from './routes/attributionOptions.ts'
import { channelRulesRoutes } from './routes/channelRules.ts'
import { compareDefinitionsRoutes } from './routes/compareDefinitions.ts'
import { customModelRoutes } from './routes/customModels.ts'
import { dealRoutes } from './routes/deals.ts'
import { erasureRoutes } from './routes/erasures.ts'
import { eventsRoutes } from './routes/events.ts'
import { funnelRoutes } from './routes/funnel.ts'
import { journeyRoutes } from './routes/journey.ts'
import { leadDefinitionRoutes } from './routes/leadDefinitions.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { quarantineRoutes } from './routes/quarantine.ts'
import { replayRoutes } from './routes/replays.ts'
import { revenueRoutes } from './routes/revenue.ts'
import { statusRoutes } from './routes/status.ts'

export interface AppExtras {
  /** The dashboard's built files, served at `/` and its pages' paths; left out, the API serves no page. */
  dashboard?: DashboardFiles
  /**
   * What /metrics serves: made by the composition root when other parts of the process count too (the embedded
   * engine's projector, the answer cache); left out, the API's own.
   */
  metrics?: ApiMetrics
}

/**
 * The HTTP API. Every request passes, in this order: CORS and the refusal of writes from other origins, the key check
 * against the route's declared scope (or protected mode while no key exists), the rate limit of its key, then the
 * target and body checks; expensive queries then wait for a place under the cap.
 */
export async function buildApp(
  ports: ApiPorts,
  options: FastifyServerOptions = {},
  limits: ApiLimits = defaultLimits,
  extras: AppExtras = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: bodyLimits.other,
    // A path parameter is an id of at most maxIdLength characters, each at most 9 characters percent-encoded.
    routerOptions: { querystringParser, maxParamLength: 9 * maxIdLength },
    frameworkErrors,
    ...options,
    logger: withPrivateLogs(options.logger),
  })
  const metrics = extras.metrics ?? new ApiMetrics()
  const gate = new QueryGate(limits.queries)
  app.decorate('metrics', metrics)
  recordRouteScopes(app)
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)
  registerBodyParsers(app)
  measureRequests(app, metrics)
  await refuseForeignWrites(app, limits.corsOrigins)
  requireKeys(app, new KeyRing(ports.keys, limits.keyRing))
  await limitRequestsPerKey(app, limits.rateLimitPerMinute)
  refuseUnreadableTargets(app)
  gateExpensiveQueries(app, gate)
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Closed-loop attribution engine',
        description:
          'Ingest touchpoint, handoff and deal events; read pipeline and revenue by campaign, the funnel and handoff ' +
          'health; publish, replay, compare and activate lead definitions.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key from `attribution keys create`, as `Authorization: Bearer <key>`. Scopes: ingest (POST ' +
              '/v1/events), read (every GET route and /metrics), admin (everything). While no key exists the API ' +
              'answers only clients on its own machine, without a key (protected mode).',
          },
        },
      },
    },
    transform: publicOrKeyed,
  })
  await registerPublic(app, async (scope) => {
    await scope.register(swaggerUi, { routePrefix: '/docs' })
  })
  await app.register(eventsRoutes, ports)
  await app.register(revenueRoutes, ports)
  await app.register(attributionOptionRoutes, ports)
  await app.register(customModelRoutes, ports)
  await app.register(dealRoutes, ports)
  await app.register(journeyRoutes, ports)
  await app.register(leadDefinitionRoutes, ports)
  await app.register(replayRoutes, ports)
  await app.register(channelRulesRoutes, ports)
  await app.register(compareDefinitionsRoutes, ports)
  await app.register(funnelRoutes, ports)
  await app.register(statusRoutes, ports)
  await app.register(quarantineRoutes, ports)
  await app.register(erasureRoutes, ports)
  await app.register(metricsRoutes, { ports, metrics, gate })
  // The page and its files need no key: what it shows, it reads from the API with the person's key.
  const { dashboard } = extras
  if (dashboard) await registerPublic(app, (scope) => registerDashboard(scope, dashboard))
  return app
}

/** Each route's OpenAPI entry says whether it needs a key: every one but the public ones does. */
const publicOrKeyed: typeof jsonSchemaTransform = (input) => {
  const transformed = jsonSchemaTransform(input)
  const scope = (input.route.config as { scope?: string } | undefined)?.scope
  if (scope === 'public') return { ...transformed, schema: { ...transformed.schema, security: [] } }
  return { ...transformed, schema: { ...transformed.schema, security: [{ apiKey: [] }] } }
}
