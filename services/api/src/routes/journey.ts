import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { maxIdLength } from '@attribution/contracts'
import { attributionLevels, milestones } from '@attribution/domain'
import type { ApiPorts } from '../ports.ts'
import { channelRulesFor } from '../channelRulesFor.ts'
import { definitionFor, reportedDefinition } from '../definitionFor.ts'
import { attributionOptions, boundedText, channelRulesName, definitionName, definitionUsed, errorBody, journeyModels, trainingInfo } from '../schemas.ts'

const step = z.object({
  touchpointId: z.string(),
  occurredAt: z.string(),
  campaignId: z.string(),
  campaignName: z.string().nullable(),
  channel: z.string(),
  touchType: z.string(),
  identified: z.boolean().describe('false when the touch was stitched to the person from an anonymous id'),
  milestones: z
    .array(z.enum(milestones))
    .describe('FT first touch, LC lead creation, MQL the touch that qualified the lead, OC opportunity creation, CW closed won'),
  share: z.number().describe('fraction of the deal credited to this touch'),
  pipeline: z.number().describe('credited part of the deal amount'),
  revenue: z.number().describe('credited part of the won amount (0 unless won)'),
})

const answer = z.object({
  dealId: z.string(),
  model: z.enum(journeyModels),
  level: z.enum(attributionLevels),
  lookbackDays: z.number(),
  halfLifeDays: z.number(),
  definition: definitionUsed.nullable().describe('the lead definition that places the MQL milestone; null when none is active'),
  createdAt: z.string(),
  wonAt: z.string().nullable(),
  amount: z.number().nullable().describe('the deal amount in the reporting currency; null while no exchange rate converts it'),
  wonAmount: z.number().nullable().describe('the won amount in the reporting currency; null unless won, or while no rate converts it'),
  currency: z.string().describe("the deal's own currency (ISO 4217), in which it was booked"),
  originalAmount: z.number().describe("the deal amount in the deal's own currency"),
  originalWonAmount: z.number().nullable().describe("the won amount in the deal's own currency; null unless won"),
  pipelineRate: z.string().nullable().describe("the rate in effect when the deal was created ('1' at par); null while none is"),
  revenueRate: z.string().nullable().describe("the rate in effect when the deal was won ('1' at par); null unless won, or while none is"),
  touches: z.array(step).describe('empty when no touch falls in the window: the deal is unattributed'),
  channelRules: z
    .object({ rulesId: z.string(), version: z.number().int() })
    .optional()
    .describe('the channel rules asked with channelRules= when they are not the active ones; absent: the active rules'),
  trained: trainingInfo,
})

export const journeyRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/deals/:dealId/journey',
    {
      config: { scope: 'read' },
      schema: {
        summary: "A deal's journey, touch by touch, with the milestones each holds and its credit under a model",
        description: 'The same credits revenue-by-campaign sums, so any number on a dashboard can be traced to touches.',
        params: z.object({ dealId: boundedText(maxIdLength) }),
        querystring: attributionOptions.extend({
          model: z.enum(journeyModels).default('w_shaped'),
          level: z.enum(attributionLevels).default('campaign').describe('markov and shapley: weigh the channels or the campaigns of the touches'),
          definition: definitionName.optional().describe('lead definition version that places the MQL milestone; default: the active one'),
          channelRules: channelRulesName
            .optional()
            .describe('a replayed version of channel rules that is not active: each touch shows its channel and campaign under it (rule-based models)'),
        }),
        response: { 200: answer, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const { model, level, lookbackDays, halfLifeDays } = request.query
      const definition = await definitionFor(ports, request.query.definition, false)
      const { dealId } = request.params
      const rules = await channelRulesFor(ports, { channelRules: request.query.channelRules, models: [model], mapping: 'contacts', lookbackDays, halfLifeDays })
      const journey = await ports.queries.dealJourney({ dealId, model, level, lookbackDays, halfLifeDays, ...(definition ? { definition } : {}) })
      if (!journey) {
        return reply.status(404).send({ error: 'Not Found', message: `no deal '${request.params.dealId}' has been created` })
      }
      // A touch's share under a rule-based model does not depend on its channel: only the labels change.
      const placed = rules ? await ports.queries.touchPlacements(`${rules.rulesId}@${rules.version}`, journey.touches.map((touch) => touch.touchpointId)) : undefined
      const touches = journey.touches.map((touch) => {
        const under = placed?.get(touch.touchpointId)
        if (under === undefined || (under.campaignId === touch.campaignId && under.channel === touch.channel)) return touch
        return { ...touch, ...under, campaignName: under.campaignId === touch.campaignId ? touch.campaignName : null }
      })
      return {
        ...journey,
        touches,
        model,
        level,
        lookbackDays,
        halfLifeDays,
        definition: definition ? reportedDefinition(definition) : null,
        ...(rules ? { channelRules: rules } : {}),
      }
    },
  )
}
