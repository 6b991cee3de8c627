import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { attributionModels } from '@attribution/domain'
import type { ApiPorts } from '../ports.ts'
import { attributionQuery, errorBody } from '../schemas.ts'

const money = z.number().describe('amount in the reporting currency')
const campaignRow = z.object({
  campaignId: z.string(),
  campaignName: z.string().nullable(),
  channel: z.string().nullable(),
  pipeline: money.describe('attributed amount of deals created in the window'),
  revenue: money.describe('attributed amount of deals won in the window'),
  dealsCreated: z.number().describe('fractional credit for deals created in the window'),
  dealsWon: z.number().describe('fractional credit for deals won in the window'),
  cost: money.describe('spend in the window: touch costs plus recorded campaign cost prorated over its period'),
  roi: z.number().nullable().describe('(revenue - cost) / cost; null without cost'),
})

const answer = z.object({
  model: z.enum(attributionModels),
  from: z.string().nullable(),
  to: z.string().nullable(),
  lookbackDays: z.number(),
  halfLifeDays: z.number(),
  currency: z.string(),
  rows: z.array(campaignRow),
  totals: campaignRow.omit({ campaignId: true, campaignName: true, channel: true }),
  unattributed: z
    .object({ pipeline: money, revenue: money, dealsCreated: z.number(), dealsWon: z.number() })
    .describe('deals with no touch in their journey: counted here rather than dropped'),
})

export const revenueRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/revenue-by-campaign',
    {
      schema: {
        summary: 'Pipeline and revenue per campaign under an attribution model',
        description:
          'Every deal created in [from, to) credits its amount as pipeline, every deal won in [from, to) credits its ' +
          'won amount as revenue, split over the touches of its journey by the model, in whole cents that sum to the ' +
          'deal amount.',
        querystring: attributionQuery,
        response: { 200: answer, 400: errorBody },
      },
    },
    async (request) => {
      const query = request.query
      const result = await ports.queries.revenueByCampaign(query)
      return {
        model: query.model,
        from: query.from ?? null,
        to: query.to ?? null,
        lookbackDays: query.lookbackDays,
        halfLifeDays: query.halfLifeDays,
        currency: ports.reportingCurrency,
        ...result,
      }
    },
  )
}
