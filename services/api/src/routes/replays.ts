import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { replayProgress } from '@attribution/read-model'
import { maxIdLength, type Event } from '@attribution/contracts'
import { appendOwnEvent } from '../ownEvents.ts'
import type { ApiPorts } from '../ports.ts'
import { boundedText, errorBody, versionNumber } from '../schemas.ts'

const versionQuery = z.object({ version: versionNumber.optional().describe('default: the newest published version') })
const definitionParams = z.object({ definitionId: boundedText(maxIdLength) })

const progress = z.object({
  jobId: z.string(),
  definitionId: z.string(),
  version: z.number().int(),
  state: z.enum(['running', 'done', 'failed']),
  eventsTotal: z.number().describe('events of history being replayed'),
  eventsProcessed: z.number().describe('the share of them replayed so far'),
  eventsPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  personsTotal: z.number(),
  personsProcessed: z.number(),
  error: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
})

const activation = z.object({
  active: z.object({ definitionId: z.string(), version: z.number().int() }),
  changed: z.boolean().describe('false when this version was already active'),
})

/**
 * Changing the shared lead definition safely: replay a published version over all of history, compare it with the
 * active one (compareDefinitions.ts), activate it. Activation is one `lead_definition.activated` event, so every
 * query reads either the old version or the new one, never a mix, and the log keeps who switched when.
 */
export const replayRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  const publishedVersion = async (definitionId: string, version: number | undefined) => {
    const published = await ports.queries.leadDefinitions(definitionId)
    const stored = version === undefined ? published[0] : published.find((candidate) => candidate.version === version)
    return stored?.version
  }
  const notPublished = (definitionId: string, version?: number) => ({
    error: 'Not Found',
    message: `${definitionId}${version === undefined ? '' : `@${version}`} is not published; publish it with POST /v1/lead-definitions`,
  })

  app.post(
    '/v1/lead-definitions/:definitionId/replay',
    {
      schema: {
        summary: 'Replay all of history under a definition version, next to the active one',
        description:
          'Answers at once with a job id; follow it at /v1/replays/{jobId}. Events that arrive during the replay are ' +
          'applied to the candidate as well, so when the job is done the candidate is current and can be compared ' +
          'and activated. A version already being replayed is refused with 409 and the running job.',
        params: definitionParams,
        querystring: versionQuery,
        response: { 202: z.object({ jobId: z.string(), statusUrl: z.string() }), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { definitionId } = request.params
      const version = await publishedVersion(definitionId, request.query.version)
      if (version === undefined) return reply.status(404).send(notPublished(definitionId, request.query.version))
      const job = await ports.replays.start({ definitionId, version })
      return reply.status(202).send({ jobId: job.jobId, statusUrl: `/v1/replays/${job.jobId}` })
    },
  )

  app.get(
    '/v1/replays/:jobId',
    {
      schema: {
        summary: 'Progress of a replay: events processed, total, events/s, time left',
        params: z.object({ jobId: boundedText(64) }),
        response: { 200: progress, 404: errorBody },
      },
    },
    async (request, reply) => {
      const job = await ports.replays.job(request.params.jobId)
      if (!job) return reply.status(404).send({ error: 'Not Found', message: `no replay job ${request.params.jobId}` })
      return replayProgress(job)
    },
  )

  app.post(
    '/v1/lead-definitions/:definitionId/activate',
    {
      schema: {
        summary: 'Make a replayed version the one every query uses',
        description:
          'Appends a lead_definition.activated event. 200 once queries use the version; 202 if the projector has ' +
          'not applied the activation within 10 seconds (it will). The previous version stays readable with definition=.',
        params: definitionParams,
        querystring: versionQuery,
        response: { 200: activation, 202: activation, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { definitionId } = request.params
      const version = await publishedVersion(definitionId, request.query.version)
      if (version === undefined) return reply.status(404).send(notPublished(definitionId, request.query.version))
      const isActive = (active: { definitionId: string; version: number } | undefined) =>
        active?.definitionId === definitionId && active.version === version
      if (isActive(await ports.queries.activeDefinition())) {
        return reply.status(200).send({ active: { definitionId, version }, changed: false })
      }
      if (!(await ports.replays.replayedVersions(definitionId)).includes(version)) {
        return reply.status(409).send({
          error: 'Conflict',
          message: `${definitionId}@${version} has not been replayed: POST /v1/lead-definitions/${definitionId}/replay?version=${version} and wait until it is done`,
        })
      }
      const event: Event = {
        eventId: `lead-definition-activation-${crypto.randomUUID()}`,
        type: 'lead_definition.activated',
        occurredAt: new Date().toISOString(),
        data: { definitionId, version },
      }
      await appendOwnEvent(ports, event, { 'data.definitionId': 'params.definitionId', 'data.version': 'querystring.version' })
      const deadline = Date.now() + 10_000
      while (Date.now() < deadline) {
        if (isActive(await ports.queries.activeDefinition())) {
          return reply.status(200).send({ active: { definitionId, version }, changed: true })
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return reply.status(202).send({ active: { definitionId, version }, changed: true })
    },
  )
}
