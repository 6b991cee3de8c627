import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { replayProgress, type DefinitionRef } from '@attribution/analytics'
import { defaultAttributionOptions, parseCustomWeightsQuery } from '@attribution/domain'
import type { Event } from '@attribution/contracts'
import type { ApiPorts } from '../ports.ts'
import { definitionName, definitionUsed, errorBody, funnelNumbers, handoffNumbers, instant, windowQuery } from '../schemas.ts'

const versionQuery = z.object({
  version: z.coerce.number().int().min(1).optional().describe('default: the newest published version'),
})
const definitionParams = z.object({ definitionId: z.string().min(1) })

type Credit = { pipeline: number; revenue: number }

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

const mqlWeights = 'ft:20,lc:20,mql:20,oc:30,middle:10'

const comparisonQuery = windowQuery
  .extend({
    base: definitionName.optional().describe('default: the active version'),
    candidate: definitionName.describe('the version to compare, e.g. intent-and-fit@2'),
    asOf: instant.optional(),
    sample: z.coerce.number().int().min(0).max(1000).default(20).describe('how many person ids to list per difference'),
    weights: z
      .string()
      .default(mqlWeights)
      .describe('custom model whose attribution is compared: percentages per position, MQL among them'),
  })
  .transform((query, ctx) => {
    const parsed = parseCustomWeightsQuery(query.weights)
    if (parsed.ok) return { ...query, weights: parsed.weights }
    for (const error of parsed.errors) ctx.addIssue({ code: 'custom', message: `${error.path} ${error.message}`.trim(), path: ['weights'] })
    return z.NEVER
  })

const side = z.object({ definition: definitionUsed, funnel: funnelNumbers, handoffs: handoffNumbers })
const difference = z.object({ count: z.number(), sample: z.array(z.string()) })
const credited = z.object({ pipeline: z.number(), revenue: z.number() })
const comparison = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  asOf: z.string(),
  base: side,
  candidate: side,
  mqls: z
    .object({ onlyBase: difference, onlyCandidate: difference, both: z.number() })
    .describe('persons who became an MQL in the window under one version only, or under both'),
  attribution: z
    .object({
      weights: z.string().describe('the custom model compared'),
      rows: z.array(
        z.object({
          campaignId: z.string().nullable(),
          campaignName: z.string().nullable(),
          channel: z.string().nullable(),
          base: credited,
          candidate: credited,
          change: credited.describe('candidate minus base'),
        }),
      ),
    })
    .describe('pipeline and revenue per campaign under the custom model, MQL milestone placed by each version; biggest changes first'),
})

/**
 * Changing the shared lead definition safely: replay a published version over all of history, compare it with the
 * active one, activate it. Activation is one `lead_definition.activated` event, so every query reads either the old
 * version or the new one, never a mix, and the log keeps who switched when.
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
          'and activated.',
        params: definitionParams,
        querystring: versionQuery,
        response: { 202: z.object({ jobId: z.string(), statusUrl: z.string() }), 404: errorBody },
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
        params: z.object({ jobId: z.string().min(1) }),
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
        response: { 200: activation, 202: activation, 404: errorBody, 409: errorBody },
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
      await ports.sink.append([event])
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

  /** The custom model under each version, side by side per campaign: what the new definition does to credit. */
  const attributionChanges = async (query: z.output<typeof comparisonQuery>, base: DefinitionRef, candidate: DefinitionRef) => {
    const under = (definition: DefinitionRef) =>
      ports.queries.revenueByCampaign({
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        model: 'custom',
        weights: query.weights,
        level: 'campaign',
        ...defaultAttributionOptions,
        definition,
      })
    const [before, after] = await Promise.all([under(base), under(candidate)])
    const rows = new Map<string, { campaignId: string | null; campaignName: string | null; channel: string | null; base: Credit; candidate: Credit }>()
    const none = { pipeline: 0, revenue: 0 }
    for (const [side, result] of [['base', before], ['candidate', after]] as const) {
      for (const row of result.rows) {
        const key = row.campaignId ?? ''
        const merged = rows.get(key) ?? { campaignId: row.campaignId, campaignName: row.campaignName, channel: row.channel, base: none, candidate: none }
        merged[side] = { pipeline: row.pipeline, revenue: row.revenue }
        rows.set(key, merged)
      }
    }
    const cents = (amount: number) => Math.round(amount * 100)
    const change = (row: { base: Credit; candidate: Credit }) => ({
      pipeline: (cents(row.candidate.pipeline) - cents(row.base.pipeline)) / 100,
      revenue: (cents(row.candidate.revenue) - cents(row.base.revenue)) / 100,
    })
    const changed = [...rows.values()].map((row) => ({ ...row, change: change(row) }))
    const size = (row: (typeof changed)[number]) => Math.abs(row.change.revenue) + Math.abs(row.change.pipeline)
    changed.sort((a, b) => size(b) - size(a) || ((a.campaignId ?? '') < (b.campaignId ?? '') ? -1 : 1))
    const weights = Object.entries(query.weights).filter(([, percent]) => percent > 0).map(([slot, percent]) => `${slot.toLowerCase()}:${percent}`)
    return { weights: weights.join(','), rows: changed }
  }

  app.get(
    '/v1/lead-definitions/compare',
    {
      schema: {
        summary: 'Two definition versions side by side: funnel, handoff health, and who becomes an MQL under one only',
        querystring: comparisonQuery,
        response: { 200: comparison, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const query = request.query
      const [base, candidate] = await Promise.all([
        ports.queries.resolveDefinition(query.base),
        ports.queries.resolveDefinition(query.candidate),
      ])
      const asOf = query.asOf ?? new Date().toISOString()
      const result = await ports.queries.compareDefinitions({
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        asOf,
        base,
        candidate,
        sampleSize: query.sample,
      })
      const used = ({ definitionId, version, active }: typeof base) => ({ definitionId, version, active })
      return {
        from: query.from ?? null,
        to: query.to ?? null,
        asOf,
        base: { definition: used(base), ...result.base },
        candidate: { definition: used(candidate), ...result.candidate },
        mqls: result.mqls,
        attribution: await attributionChanges(query, base, candidate),
      }
    },
  )
}
