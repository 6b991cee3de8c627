import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { engineEventTypes, eventJsonSchema, validateEvent, type Event, type FieldError } from '@attribution/contracts'
import { bodyLimits } from '../bodyLimits.ts'
import type { ApiPorts } from '../ports.ts'
import { errorBody } from '../schemas.ts'
import type { ApiMetrics } from '../metrics/apiMetrics.ts'
import { erasedPersonMessage, rejectionReason } from '../metrics/rejectionReason.ts'

export const MAX_EVENTS_PER_REQUEST = 10_000

const rejection = z.object({
  index: z.number().int().describe('position of the event in the request (0 for a single event)'),
  eventId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
})

const ingestAnswer = z.object({
  accepted: z.number().int().describe('events stored now'),
  duplicates: z.number().int().describe('events whose eventId was already stored (or repeated in the request)'),
  rejected: z.array(rejection),
})

/**
 * An event object or a list of them. Only the shape of the whole is checked here, in constant time: each event is
 * checked by validateEvent, whose first pass refuses an object of millions of fields at once, where a schema over the
 * body would walk them all before the route runs.
 */
const eventsBody = z
  .custom<unknown[] | Record<string, unknown>>((body) => typeof body === 'object' && body !== null, {
    error: 'must be an event object or a list of event objects',
  })
  .meta({ description: 'an event object or a list of event objects', anyOf: [{ type: 'object' }, { type: 'array' }] })

export const eventsRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.post(
    '/v1/events',
    {
      config: { scope: 'ingest' },
      schema: {
        summary: 'Ingest one event or an array of events',
        description:
          `Each event is validated on its own against the contract (JSON Schema at GET /v1/schema/events). Valid events ` +
          `are stored, invalid ones are listed in \`rejected\` with the path and reason of every problem; nothing is ` +
          `half-stored. At most ${MAX_EVENTS_PER_REQUEST} events and ${bodyLimits.events} bytes per request (413 beyond). ` +
          `Answers 400 when no event was valid. The engine's own events (${Object.keys(engineEventTypes).join(', ')}) are ` +
          `refused: their APIs write them.`,
        body: eventsBody,
        response: { 202: ingestAnswer, 400: z.union([ingestAnswer, errorBody]), 413: errorBody },
      },
      bodyLimit: bodyLimits.events,
    },
    async (request, reply) => {
      const items = Array.isArray(request.body) ? request.body : [request.body]
      if (items.length > MAX_EVENTS_PER_REQUEST) {
        return reply.status(413).send({
          error: 'Payload Too Large',
          message: `a request holds at most ${MAX_EVENTS_PER_REQUEST} events; this one has ${items.length}: split it`,
        })
      }
      const valid: Event[] = []
      const validIndexes: number[] = []
      const rejected: { index: number; eventId?: string; errors: FieldError[] }[] = []
      items.forEach((item, index) => {
        const result = validateEvent(item, { reportingCurrency: ports.reportingCurrency, origin: 'producer' })
        if (result.ok) {
          valid.push(result.event)
          validIndexes.push(index)
        } else rejected.push({ index, ...(result.eventId ? { eventId: result.eventId } : {}), errors: result.errors })
      })
      const stored = valid.length > 0 ? await ports.sink.append(valid) : { appended: 0, duplicates: [] }
      // Events naming an erased person are valid but refused, listed with the others in the order they were sent.
      for (const refusal of stored.refused ?? []) {
        const event = valid[refusal.index] as Event
        rejected.push({ index: validIndexes[refusal.index] as number, eventId: event.eventId, errors: [{ path: refusal.path, message: erasedPersonRefusal(refusal.erasureId) }] })
      }
      rejected.sort((a, b) => a.index - b.index)
      countEvents(app.metrics, stored, rejected)
      const answer = { accepted: stored.appended, duplicates: stored.duplicates.length, rejected }
      const storedNone = stored.appended + stored.duplicates.length === 0
      return reply.status(storedNone && rejected.length > 0 ? 400 : 202).send(answer)
    },
  )

  const jsonSchema = eventJsonSchema()
  app.get(
    '/v1/schema/events',
    { config: { scope: 'public' }, schema: { summary: 'The event contract as JSON Schema (draft 2020-12), for producers' } },
    async () => jsonSchema,
  )
}

const erasedPersonRefusal = (erasureId: string) =>
  `${erasedPersonMessage} (erasure ${erasureId}); events naming them, or their anonymous ids, are refused`

function countEvents(
  metrics: ApiMetrics,
  stored: { appended: number; duplicates: string[] },
  rejected: readonly { errors: FieldError[] }[],
): void {
  if (stored.appended + stored.duplicates.length > 0) metrics.sinkAppends.inc()
  metrics.events.inc({ outcome: 'accepted' }, stored.appended)
  metrics.events.inc({ outcome: 'duplicate' }, stored.duplicates.length)
  for (const refusal of rejected) metrics.events.inc({ outcome: 'rejected', reason: rejectionReason(refusal.errors) })
}
