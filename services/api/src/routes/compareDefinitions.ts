import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { DefinitionRef } from '@attribution/read-model'
import { defaultAttributionOptions, parseCustomWeightsQuery } from '@attribution/domain'
import { reportedDefinition } from '../definitionFor.ts'
import type { ApiPorts } from '../ports.ts'
import { customWeightsText, definitionName, definitionUsed, errorBody, funnelNumbers, handoffNumbers, instant, wholeNumber, windowQuery } from '../schemas.ts'

type Credit = { pipeline: number; revenue: number }

const mqlWeights = 'ft:20,lc:20,mql:20,oc:30,middle:10'

const comparisonQuery = windowQuery
  .extend({
    base: definitionName.optional().describe('default: the active version'),
    candidate: definitionName.describe('the version to compare, e.g. intent-and-fit@2'),
    asOf: instant.optional(),
    sample: wholeNumber(0, 1000).default(20).describe('how many person ids to list per difference'),
    weights: customWeightsText
      .default(mqlWeights)
      .describe('custom model whose attribution is compared: percentages per position, MQL among them'),
  })
  .transform((query, ctx) => {
    if (query.from && query.to && query.from >= query.to) ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'] })
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

/** Two lead definition versions side by side, before one replaces the other. */
export const compareDefinitionsRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
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
      config: { scope: 'read', expensive: true },
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
      return {
        from: query.from ?? null,
        to: query.to ?? null,
        asOf,
        base: { definition: reportedDefinition(base), ...result.base },
        candidate: { definition: reportedDefinition(candidate), ...result.candidate },
        mqls: result.mqls,
        attribution: await attributionChanges(query, base, candidate),
      }
    },
  )
}
