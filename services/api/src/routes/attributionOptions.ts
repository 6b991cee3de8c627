import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { journeyMappings, trainingScopes } from '@attribution/read-model'
import { attributionLevels, defaultAttributionOptions } from '@attribution/domain'
import type { ApiPorts } from '../ports.ts'
import { journeyModels, modelChoices } from '../schemas.ts'

const options = z.object({
  models: z.array(z.enum(modelChoices)).describe('every model revenue-by-campaign and compare answer; custom needs weights or customModel'),
  journeyModels: z.array(z.enum(journeyModels)).describe("every model a deal's journey can be credited under"),
  levels: z.array(z.enum(attributionLevels)),
  mappings: z.array(z.enum(journeyMappings)),
  trainings: z.array(z.enum(trainingScopes)),
  defaults: z.object({ lookbackDays: z.number(), halfLifeDays: z.number() }),
  currency: z.string().describe('the reporting currency every amount is in'),
})

/**
 * What a question about attribution may ask, so a client (the dashboard among them) offers every model the engine
 * answers without keeping its own list. Saved custom models are listed at /v1/attribution/models.
 */
export const attributionOptionRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/attribution/options',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'The models, levels and mappings an attribution question may ask for, the defaults and the currency',
        response: { 200: options },
      },
    },
    async () => ({
      models: [...modelChoices],
      journeyModels: [...journeyModels],
      levels: [...attributionLevels],
      mappings: [...journeyMappings],
      trainings: [...trainingScopes],
      defaults: { lookbackDays: defaultAttributionOptions.lookbackDays, halfLifeDays: defaultAttributionOptions.halfLifeDays },
      currency: ports.reportingCurrency,
    }),
  )
}
