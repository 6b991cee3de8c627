import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { QuarantinedEvent } from '@attribution/read-model'
import { maxEventIdLength, textProblem } from '@attribution/contracts'
import type { ApiPorts } from '../ports.ts'
import { boundedText } from '../schemas.ts'

const states = ['quarantined', 'retry_requested', 'reapplied'] as const

/** An event id as the contract bounds it: only such an id can name a quarantined event. */
const eventId = boundedText(maxEventIdLength).superRefine((id, context) => {
  const problem = textProblem(id)
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem })
})

const quarantinedEvent = z.object({
  projection: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  position: z.string().describe('place in the global log, as commit/prepare'),
  occurredAt: z.string(),
  error: z.string().describe('why the projection could not apply it'),
  state: z.enum(states).describe('quarantined: set aside; retry_requested: to be applied again within seconds; reapplied: applied on a retry'),
  attempts: z.number().int().describe('applications that failed'),
  quarantinedAt: z.string(),
  updatedAt: z.string(),
})

const answerOf = (event: QuarantinedEvent): z.infer<typeof quarantinedEvent> => ({
  projection: event.projection,
  eventId: event.eventId,
  eventType: event.eventType,
  position: `${event.position.commit}/${event.position.prepare}`,
  occurredAt: event.occurredAt,
  error: event.error,
  state: event.state,
  attempts: event.attempts,
  quarantinedAt: new Date(event.quarantinedAt).toISOString(),
  updatedAt: new Date(event.updatedAt).toISOString(),
})

/**
 * The events the projector could not apply. It never stops on one: it sets the event aside with the reason and goes
 * on with the log. After a fix (a new version of the engine, say) a retry applies them where they belong.
 */
export const quarantineRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/quarantine',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Events the projector set aside because it could not apply them, with the reason',
        querystring: z.object({
          state: z.enum(states).optional().describe('only events in this state; default: every state'),
          limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
        }),
        response: { 200: z.object({ events: z.array(quarantinedEvent) }) },
      },
    },
    async (request) => {
      const { state, limit } = request.query
      const events = await ports.quarantine.list({ ...(state ? { states: [state] } : {}), limit })
      return { events: events.map(answerOf) }
    },
  )

  app.post(
    '/v1/quarantine/retry',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Apply quarantined events again, after a fix',
        description:
          'Every quarantined event, or those named in eventIds. The projector picks the request up within seconds and ' +
          'applies them in log order; an event that still fails is quarantined again with the new reason. Follow ' +
          'GET /v1/quarantine or the quarantined count in GET /v1/status.',
        body: z
          .object({ eventIds: z.array(eventId).min(1).max(10_000).optional() })
          .nullish()
          .describe('the events to retry; all quarantined events when absent'),
        response: { 202: z.object({ retrying: z.array(quarantinedEvent) }) },
      },
    },
    async (request, reply) => {
      const retrying = await ports.quarantine.retry(request.body?.eventIds)
      return reply.status(202).send({ retrying: retrying.map((event) => answerOf({ ...event, state: 'retry_requested' })) })
    },
  )
}
