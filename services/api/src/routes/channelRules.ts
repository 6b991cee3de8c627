import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { channelRulesActivationStream, channelRulesStream, maxDocumentLength, maxIdLength } from '@attribution/contracts'
import {
  channelRulesActivation,
  channelRulesVersions,
  parseChannelRules,
  sameRules,
  stateOf,
  validateChannelRules,
  type ChannelRulesParse,
  type RulesActivationRefusal,
} from '@attribution/domain'
import { bodyLimits } from '../bodyLimits.ts'
import { badRequest, RequestError } from '../errors.ts'
import { decideOnStream } from '../ownEvents.ts'
import type { ApiPorts } from '../ports.ts'
import { boundedText, channelRulesName, documentBody, documentErrors, errorBody, versionNumber, windowQuery } from '../schemas.ts'

const rulesVersion = z.object({ rulesId: z.string(), version: z.number().int() })

const storedRules = rulesVersion.extend({
  format: z.enum(['yaml', 'json']),
  document: z.string().describe('the rules as they were published'),
  publishedAt: z.string(),
  replayed: z.boolean().describe('a replay of this version has finished: it can be asked, compared and activated'),
  active: z.boolean().describe('touches are classified under this version, and every query reads it unless told otherwise'),
})

const published = rulesVersion.extend({
  published: z.boolean().describe('false when this very document was already published as this version'),
})

const rulesParams = z.object({ rulesId: boundedText(maxIdLength) })
const versionQuery = z.object({ version: versionNumber.optional().describe('default: the newest published version') })

/** Where the events' fields come from in the request. */
const documentFields = { 'data.document': 'body', 'data.rulesId': 'body.id', 'data.version': 'body.version' }

/** Why an activation was refused, in words that say what to do. */
function refusedActivation(refusal: RulesActivationRefusal, rulesId: string, version: number): string {
  if (refusal.kind === 'not replayed') {
    return `${rulesId}@${version} has not been replayed: POST /v1/channel-rules/${rulesId}/replay?version=${version} and wait until it is done`
  }
  const active = refusal.active === null ? 'another version' : `${refusal.active.rulesId}@${refusal.active.version}`
  return `${active} was activated while this request was being decided, so ${rulesId}@${version} was not: look at the active version again`
}

/**
 * Channel rules (docs/channel-rules.md) live as lead definitions do: publishing a version appends a
 * `channel_rules.published` event to the rules' stream, activating one a `channel_rules.activated` event to the stream of
 * every activation, each decided on its stream in the event store (ownEvents.ts), never on the read model.
 */
export const channelRulesRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  const publishedVersionOf = async (rulesId: string, version: number | undefined) => {
    const { versions } = stateOf(channelRulesVersions, (await ports.registry.readStream(channelRulesStream(rulesId))).map(({ event }) => event))
    return version !== undefined ? versions.get(version)?.version : versions.size === 0 ? undefined : Math.max(...versions.keys())
  }
  const notPublished = (rulesId: string, version?: number) => ({
    error: 'Not Found',
    message: `channel rules ${rulesId}${version === undefined ? '' : `@${version}`} are not published; publish them with POST /v1/channel-rules`,
  })

  app.post(
    '/v1/channel-rules',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Publish a new version of channel rules (YAML or JSON)',
        description:
          'Send the rules as application/yaml or as a JSON object (docs/channel-rules.md). Invalid rules are refused ' +
          'with the path (and for YAML the line and column) of every problem. Publishing the same version again with ' +
          'the same document is harmless; another document under a published version is refused. A document holds at ' +
          `most ${maxDocumentLength} characters, and a body at most ${bodyLimits.leadDefinition} bytes.`,
        body: documentBody('channel rules'),
        response: { 201: published, 200: published, 400: documentErrors, 409: errorBody, 413: errorBody },
      },
      bodyLimit: bodyLimits.leadDefinition,
    },
    async (request, reply) => {
      const yaml = typeof request.body === 'string'
      const parsed: ChannelRulesParse = yaml ? parseChannelRules(request.body as string, 'yaml') : validateChannelRules(request.body)
      if (!parsed.ok) throw badRequest('channel rules', parsed.errors)
      const document = yaml ? (request.body as string) : JSON.stringify(request.body, null, 2)
      const { id: rulesId, version } = parsed.rules
      const command = { rulesId, version, format: yaml ? ('yaml' as const) : ('json' as const), document, at: new Date().toISOString() }
      const decision = await decideOnStream(ports, {
        streamId: channelRulesStream(rulesId),
        decider: channelRulesVersions,
        command: () => command,
        requestPaths: documentFields,
      })
      if (!decision.ok) {
        const message = `channel rules ${rulesId} version ${version} are already published with another document; publish version ${version + 1}`
        return reply.status(409).send({ error: 'Conflict', message })
      }
      const appended = decision.appended.length > 0
      return reply.status(appended ? 201 : 200).send({ rulesId, version, published: appended })
    },
  )

  app.get(
    '/v1/channel-rules',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every published version of every set of channel rules, newest version first, and the active one',
        description: 'Before the first activation the active rules are the shipped `default@1`, which is not published.',
        querystring: z.object({ rulesId: boundedText(maxIdLength).optional() }),
        response: { 200: z.object({ rules: z.array(storedRules), active: rulesVersion }) },
      },
    },
    async (request) => {
      const [sets, active] = await Promise.all([ports.queries.channelRuleSets(request.query.rulesId), ports.queries.activeChannelRules()])
      const replayed = new Map<string, number[]>()
      for (const { rulesId } of sets) {
        if (!replayed.has(rulesId)) replayed.set(rulesId, await ports.replays.replayedChannelRules(rulesId))
      }
      return {
        rules: sets.map((set) => ({
          ...set,
          replayed: replayed.get(set.rulesId)?.includes(set.version) ?? false,
          active: active.rulesId === set.rulesId && active.version === set.version,
        })),
        active,
      }
    },
  )

  const placement = z.object({ channel: z.string(), campaignId: z.string() })
  app.get(
    '/v1/channel-rules/compare',
    {
      config: { scope: 'read', expensive: true },
      schema: {
        summary: 'Touches and credit that move between channels and campaigns from one version of channel rules to another',
        description:
          'Both versions must be replayed, or active. Per rule-based model, the pipeline and revenue of the window ' +
          '(deals created, deals won in [from, to)) that move with the touches; totals are the same under any rules.',
        querystring: windowQuery.extend({
          base: channelRulesName.optional().describe('default: the active rules'),
          candidate: channelRulesName,
        }),
        response: {
          200: z.object({
            base: rulesVersion,
            candidate: rulesVersion,
            touches: z.object({
              derived: z.number().describe('touches whose campaign or channel the rules derive'),
              moved: z.number().describe('of them, touches placed elsewhere by the candidate'),
              moves: z.array(z.object({ from: placement, to: placement, touches: z.number() })).describe('the 100 largest moves'),
            }),
            models: z.record(
              z.string(),
              z.object({
                pipelineMoved: z.number(),
                revenueMoved: z.number(),
                moves: z.array(z.object({ from: placement, to: placement, pipeline: z.number(), revenue: z.number() })),
              }),
            ),
          }),
          400: errorBody,
          409: errorBody,
        },
      },
    },
    async (request) => {
      const active = await ports.queries.activeChannelRules()
      const base = request.query.base ?? active
      const { candidate } = request.query
      for (const side of [base, candidate]) {
        if (sameRules(side, active) || (await ports.replays.replayedChannelRules(side.rulesId)).includes(side.version)) continue
        throw new RequestError(409, `channel rules ${side.rulesId}@${side.version} have not been replayed: POST /v1/channel-rules/${side.rulesId}/replay?version=${side.version}`)
      }
      const ref = ({ rulesId, version }: { rulesId: string; version: number }) => `${rulesId}@${version}`
      const window = { ...(request.query.from ? { from: request.query.from } : {}), ...(request.query.to ? { to: request.query.to } : {}) }
      const comparison = await ports.queries.compareChannelRules({ ...window, base: ref(base), candidate: ref(candidate), activeRef: ref(active) })
      return { base, candidate, ...comparison }
    },
  )

  app.post(
    '/v1/channel-rules/:rulesId/replay',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Classify every touch of history under a version of channel rules, next to the active rules',
        description:
          'Records the job, which the projector runs, and answers at once with its id; follow it at /v1/replays/{jobId} ' +
          '(persons there count touches). Touches that arrive during the replay are classified under the version too, ' +
          'so when the job is done it can be asked (channelRules=id@N on attribution reads), compared and activated. ' +
          'A version already being replayed is refused with 409 and the running job.',
        params: rulesParams,
        querystring: versionQuery,
        response: { 202: z.object({ jobId: z.string(), statusUrl: z.string() }), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { rulesId } = request.params
      const version = await publishedVersionOf(rulesId, request.query.version)
      if (version === undefined) return reply.status(404).send(notPublished(rulesId, request.query.version))
      const job = await ports.replays.requestChannelRules({ rulesId, version })
      return reply.status(202).send({ jobId: job.jobId, statusUrl: `/v1/replays/${job.jobId}` })
    },
  )

  app.post(
    '/v1/channel-rules/:rulesId/activate',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Classify every touch under a replayed version of channel rules, and make every query read it',
        description:
          'Appends a channel_rules.activated event, decided on the one stream of every activation: of activations ' +
          'racing, one is recorded. Another that asked for the same version answers 200 with changed: false; one ' +
          'that asked for another answers 409. A version is activated only once its replay is done.',
        params: rulesParams,
        querystring: versionQuery,
        response: { 200: z.object({ active: rulesVersion, changed: z.boolean() }), 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { rulesId } = request.params
      const version = await publishedVersionOf(rulesId, request.query.version)
      if (version === undefined) return reply.status(404).send(notPublished(rulesId, request.query.version))
      const replayed = (await ports.replays.replayedChannelRules(rulesId)).includes(version)
      const decision = await decideOnStream(ports, {
        streamId: channelRulesActivationStream,
        decider: channelRulesActivation,
        command: ({ active }) => ({
          rulesId,
          version,
          replayed,
          replaces: active,
          eventId: `channel-rules-activation-${crypto.randomUUID()}`,
          at: new Date().toISOString(),
        }),
        requestPaths: { 'data.rulesId': 'params.rulesId', 'data.version': 'querystring.version' },
      })
      if (!decision.ok) return reply.status(409).send({ error: 'Conflict', message: refusedActivation(decision.refusal, rulesId, version) })
      return reply.status(200).send({ active: { rulesId, version }, changed: decision.appended.length > 0 })
    },
  )
}
