import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { ApiPorts } from '../ports.ts'

const status = z.object({
  eventStore: z.object({
    head: z.string().nullable().describe('position of the newest stored event, as commit/prepare'),
    events: z.number().int(),
  }),
  projections: z.array(
    z.object({
      name: z.string(),
      position: z.string().nullable().describe('last applied position, as commit/prepare'),
      eventsProcessed: z.number().int(),
      lag: z.number().int().describe('stored events not yet visible in this projection'),
      quarantined: z
        .number()
        .int()
        .describe('events the projection could not apply and set aside (GET /v1/quarantine); 0 when all is well'),
      retryRequested: z.number().int().describe('of those, events waiting to be applied again (POST /v1/quarantine/retry)'),
    }),
  ),
})

export const statusRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/status',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Event store head and each projection\'s checkpoint and lag',
        description: 'Poll until every lag is 0 to know that what you posted is visible to queries.',
        response: { 200: status },
      },
    },
    async () => ports.status(),
  )
  app.get('/healthz', { config: { scope: 'public' }, schema: { summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }))
}
