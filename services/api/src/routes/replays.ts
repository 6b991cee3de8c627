import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { replayProgress } from '@attribution/read-model'
import { leadDefinitionActivationStream, leadDefinitionStream, maxIdLength } from '@attribution/contracts'
import { leadDefinitionActivation, leadDefinitionVersions, publishedVersion, stateOf, type ActivationRefusal } from '@attribution/domain'
import { decideOnStream } from '../ownEvents.ts'
import type { ApiPorts } from '../ports.ts'
import { boundedText, errorBody, versionNumber } from '../schemas.ts'

const versionQuery = z.object({ version: versionNumber.optional().describe('default: the newest published version') })
const definitionParams = z.object({ definitionId: boundedText(maxIdLength) })

const progress = z.object({
  jobId: z.string(),
  subject: z
    .enum(['lead_definition', 'channel_rules'])
    .optional()
    .describe('what the job replays; absent: a lead definition. For channel rules, definitionId is the rules id and persons count touches'),
  definitionId: z.string(),
  version: z.number().int(),
  state: z.enum(['running', 'done', 'failed']).describe('running from the moment the job is recorded, before the projector takes it up'),
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

/** Why an activation was refused, in words that say what to do. */
function refusedActivation(refusal: ActivationRefusal, definitionId: string, version: number): string {
  if (refusal.kind === 'not replayed') {
    return `${definitionId}@${version} has not been replayed: POST /v1/lead-definitions/${definitionId}/replay?version=${version} and wait until it is done`
  }
  const active = refusal.active === null ? 'another version' : `${refusal.active.definitionId}@${refusal.active.version}`
  return (
    `${active} was activated while this request was being decided, so ${definitionId}@${version} was not: ` +
    'look at the active version again, and activate this one again if it should replace it'
  )
}

/**
 * Changing the shared lead definition safely: replay a published version over all of history, compare it with the
 * active one (compareDefinitions.ts), activate it. Activation is one `lead_definition.activated` event, so every
 * query reads either the old version or the new one, never a mix, and the log keeps who switched when. Which versions
 * are published and which one is active is read from their streams in the event store, not from the read model: a
 * version published a moment ago can be replayed at once, and of two activations racing, one wins.
 */
export const replayRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  const publishedVersionOf = async (definitionId: string, version: number | undefined) => {
    const stream = await ports.registry.readStream(leadDefinitionStream(definitionId))
    return publishedVersion(stateOf(leadDefinitionVersions, stream.map(({ event }) => event)), version)?.version
  }
  const notPublished = (definitionId: string, version?: number) => ({
    error: 'Not Found',
    message: `${definitionId}${version === undefined ? '' : `@${version}`} is not published; publish it with POST /v1/lead-definitions`,
  })

  app.post(
    '/v1/lead-definitions/:definitionId/replay',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Replay all of history under a definition version, next to the active one',
        description:
          'Records the job, which the projector runs, and answers at once with its id; follow it at /v1/replays/{jobId} ' +
          'on any API instance. Events that arrive during the replay are ' +
          'applied to the candidate as well, so when the job is done the candidate is current and can be compared ' +
          'and activated. A version already being replayed is refused with 409 and the running job. A version can be ' +
          'replayed as soon as its publication is answered: the job waits, running, until the projector has applied it.',
        params: definitionParams,
        querystring: versionQuery,
        response: { 202: z.object({ jobId: z.string(), statusUrl: z.string() }), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { definitionId } = request.params
      const version = await publishedVersionOf(definitionId, request.query.version)
      if (version === undefined) return reply.status(404).send(notPublished(definitionId, request.query.version))
      const job = await ports.replays.request({ definitionId, version })
      return reply.status(202).send({ jobId: job.jobId, statusUrl: `/v1/replays/${job.jobId}` })
    },
  )

  app.get(
    '/v1/replays/:jobId',
    {
      config: { scope: 'read' },
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
      config: { scope: 'admin' },
      schema: {
        summary: 'Make a replayed version the one every query uses',
        description:
          'Appends a lead_definition.activated event. 200 once queries use the version; 202 if the projector has ' +
          'not applied the activation within 10 seconds (it will). The previous version stays readable with definition=. ' +
          'Decided on the event store, where one stream holds every activation: of activations racing, one is recorded. ' +
          'Another that asked for the same version answers 200 with changed: false; one that asked for another version ' +
          'answers 409, since it was decided on an active version that no longer is.',
        params: definitionParams,
        querystring: versionQuery,
        response: { 200: activation, 202: activation, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { definitionId } = request.params
      const version = await publishedVersionOf(definitionId, request.query.version)
      if (version === undefined) return reply.status(404).send(notPublished(definitionId, request.query.version))
      const replayed = (await ports.replays.replayedVersions(definitionId)).includes(version)
      const decision = await decideOnStream(ports, {
        streamId: leadDefinitionActivationStream,
        decider: leadDefinitionActivation,
        command: ({ active }) => ({
          definitionId,
          version,
          replayed,
          replaces: active,
          eventId: `lead-definition-activation-${crypto.randomUUID()}`,
          at: new Date().toISOString(),
        }),
        requestPaths: { 'data.definitionId': 'params.definitionId', 'data.version': 'querystring.version' },
      })
      if (!decision.ok) return reply.status(409).send({ error: 'Conflict', message: refusedActivation(decision.refusal, definitionId, version) })
      if (decision.appended.length === 0) return reply.status(200).send({ active: { definitionId, version }, changed: false })
      const isActive = (active: { definitionId: string; version: number } | undefined) =>
        active?.definitionId === definitionId && active.version === version
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
