import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { journeyMappings, trainingScopes, type JourneyMapping, type TrainingScope } from '@attribution/read-model'
import { attributionLevels, type CustomWeights } from '@attribution/domain'
import type { ApiPorts } from '../ports.ts'
import { customWeightsFor } from '../customWeightsFor.ts'
import { channelRulesFor } from '../channelRulesFor.ts'
import { definitionFor, reportedDefinition } from '../definitionFor.ts'
import { attributionQuery, compareQuery, definitionUsed, errorBody, modelChoices, trainingInfo, unconverted } from '../schemas.ts'

const money = z.number().describe('amount in the reporting currency')
const credited = {
  pipeline: money.describe('attributed amount of deals created in the window'),
  revenue: money.describe('attributed amount of deals won in the window'),
}
const campaignRow = z.object({
  campaignId: z.string().nullable().describe('null at channel level'),
  campaignName: z.string().nullable(),
  channel: z.string().nullable(),
  ...credited,
  dealsCreated: z.number().describe('fractional credit for deals created in the window'),
  dealsWon: z.number().describe('fractional credit for deals won in the window'),
  cost: money.describe('spend in the window: touch costs plus recorded campaign cost prorated over its period'),
  roi: z.number().nullable().describe('(revenue - cost) / cost; null without cost'),
  roas: z.number().nullable().describe('return on ad spend: revenue / cost; null without cost'),
  costPerWonDeal: money.nullable().describe('cost / dealsWon; null without cost or won deals'),
  mqls: z.number().nullable().describe("MQLs in the window whose qualifying touch was the campaign's; null without a lead definition"),
  costPerMql: money.nullable().describe('cost / mqls; null without cost or MQLs'),
})
const settings = {
  level: z.enum(attributionLevels),
  mapping: z.enum(journeyMappings),
  roles: z.array(z.string()).optional().describe('the contact roles whose holders made the journeys, when the question named some'),
  training: z.enum(trainingScopes),
  from: z.string().nullable(),
  to: z.string().nullable(),
  lookbackDays: z.number(),
  halfLifeDays: z.number(),
  weights: z.record(z.string(), z.number()).nullable().describe('custom model: the percentages per position it used'),
  customModel: z.string().nullable().describe('custom model: the saved model whose weights it used'),
  currency: z.string(),
}

const answer = z.object({
  model: z.enum(modelChoices),
  ...settings,
  definition: definitionUsed.nullable().describe('the lead definition whose MQLs count; null when none is active'),
  channelRules: z
    .object({ rulesId: z.string(), version: z.number().int() })
    .optional()
    .describe('the channel rules asked with channelRules= when they are not the active ones; absent: the active rules'),
  rows: z.array(campaignRow),
  totals: campaignRow.omit({ campaignId: true, campaignName: true, channel: true }),
  unattributed: z
    .object({ pipeline: money, revenue: money, dealsCreated: z.number(), dealsWon: z.number() })
    .describe('deals with no touch in their journey: counted here rather than dropped'),
  trained: trainingInfo,
  dealsWithoutPrimaryContact: z
    .number()
    .nullable()
    .describe('mapping=primary_contact: deals of the window naming no primary contact, whose journeys are all their contacts\'; else null'),
  unconverted,
})

const comparison = z.object({
  models: z.array(z.enum(modelChoices)),
  ...settings,
  rows: z.array(
    z.object({
      campaignId: z.string().nullable(),
      campaignName: z.string().nullable(),
      channel: z.string().nullable(),
      models: z.record(z.string(), z.object(credited)).describe('pipeline and revenue under each model'),
    }),
  ),
  totals: z.record(z.string(), z.object(credited)).describe('the same total under every model, less its unattributed'),
  unconverted,
})

export const revenueRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/revenue-by-campaign',
    {
      config: { scope: 'read', expensive: true },
      schema: {
        summary: 'Pipeline and revenue per campaign (or channel) under an attribution model',
        description:
          'Every deal created in [from, to) credits its amount as pipeline, every deal won in [from, to) credits its ' +
          'won amount as revenue, split over the touches of its journey by the model, in whole cents that sum to the ' +
          'deal amount. markov and shapley learn from converting and non-converting journeys: by default every journey ' +
          'so far, kept trained by the projector and retrained as history grows (see `trained`); with ' +
          'training=window only those of the window. With the default lookback and half-life every model is answered ' +
          'from what the projector keeps: credits summed by day and month, and for custom weights nobody saved (or ' +
          "weighing the MQL, which the lead definition places), each deal's journey milestones; account journeys and " +
          'other settings are computed from the journeys, which takes seconds on large histories.',
        querystring: attributionQuery,
        response: { 200: answer, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const { definition: requested, channelRules: askedRules, ...asked } = request.query
      const query = await customWeightsFor(ports, asked)
      const definition = await definitionFor(ports, requested, (query.weights?.MQL ?? 0) > 0)
      const rules = await channelRulesFor(ports, { ...query, channelRules: askedRules, models: [query.model] })
      const { training: trained, ...result } = await ports.queries.revenueByCampaign({
        ...query,
        ...(definition ? { definition } : {}),
        ...(rules ? { channelRules: `${rules.rulesId}@${rules.version}` } : {}),
      })
      return {
        model: query.model,
        ...settingsOf(query, ports.reportingCurrency),
        definition: definition ? reportedDefinition(definition) : null,
        ...(rules ? { channelRules: rules } : {}),
        ...result,
        trained,
      }
    },
  )

  app.get(
    '/v1/attribution/compare',
    {
      config: { scope: 'read', expensive: true },
      schema: {
        summary: 'Several models side by side per campaign (or channel)',
        querystring: compareQuery,
        response: { 200: comparison, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const { definition: requested, channelRules: askedRules, ...asked } = request.query
      const query = await customWeightsFor(ports, asked)
      const definition = await definitionFor(ports, requested, (query.weights?.MQL ?? 0) > 0)
      const rules = await channelRulesFor(ports, { ...query, channelRules: askedRules })
      const counted = { ...(definition ? { definition } : {}), ...(rules ? { channelRules: `${rules.rulesId}@${rules.version}` } : {}) }
      const results = await Promise.all(query.models.map((model) => ports.queries.revenueByCampaign({ ...query, ...counted, model })))
      const rows = new Map<string, z.infer<typeof comparison>['rows'][number]>()
      results.forEach((result, index) => {
        const model = query.models[index] ?? ''
        for (const row of result.rows) {
          const key = row.campaignId ?? row.channel ?? ''
          const merged = rows.get(key) ?? { campaignId: row.campaignId, campaignName: row.campaignName, channel: row.channel, models: {} }
          merged.models[model] = { pipeline: row.pipeline, revenue: row.revenue }
          rows.set(key, merged)
        }
      })
      for (const row of rows.values()) {
        for (const model of query.models) row.models[model] ??= { pipeline: 0, revenue: 0 }
      }
      const totals = Object.fromEntries(
        results.map((result, index) => [query.models[index] ?? '', { pipeline: result.totals.pipeline, revenue: result.totals.revenue }]),
      )
      // The same under every model: what waits for a rate does not depend on how the rest is split.
      const waiting = results[0]?.unconverted ?? []
      return { models: query.models, ...settingsOf(query, ports.reportingCurrency), rows: [...rows.values()], totals, unconverted: waiting }
    },
  )
}

function settingsOf(
  query: {
    level: (typeof attributionLevels)[number]
    mapping: JourneyMapping
    roles?: readonly string[]
    training: TrainingScope
    from?: string
    to?: string
    lookbackDays: number
    halfLifeDays: number
    weights?: CustomWeights
    customModel?: string
  },
  currency: string,
) {
  const { level, mapping, training, lookbackDays, halfLifeDays } = query
  return {
    level,
    mapping,
    ...(query.roles ? { roles: [...query.roles] } : {}),
    training,
    from: query.from ?? null,
    to: query.to ?? null,
    lookbackDays,
    halfLifeDays,
    weights: query.weights ?? null,
    customModel: query.customModel ?? null,
    currency,
  }
}
