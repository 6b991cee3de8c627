import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { funnelGroupings, funnelStages } from '@attribution/read-model'
import { reportedDefinition } from '../definitionFor.ts'
import type { ApiPorts } from '../ports.ts'
import { definitionQuery, definitionUsed, errorBody, handoffNumbers, funnelNumbers, unconverted } from '../schemas.ts'

const reportSettings = {
  definition: definitionUsed,
  from: z.string().nullable(),
  to: z.string().nullable(),
  asOf: z.string(),
  groupBy: z.enum(funnelGroupings),
}

const funnelAnswer = z.object({
  ...reportSettings,
  totals: funnelNumbers,
  groups: z.array(funnelNumbers.extend({ key: z.string().describe('channel or campaign of the first touch; empty: none') })),
  currentStages: z.record(z.string(), z.number()).describe('where every person stands at asOf, whenever they entered'),
  wonRevenue: z
    .object({ total: z.number(), newBusiness: z.number(), newBusinessShare: z.number().nullable() })
    .describe('deals won in the window, and the part that is new business, in the reporting currency'),
  unconverted: unconverted.describe(
    'revenue of deals won in the window in another currency with no exchange rate in effect at the win: not in ' +
      'wonRevenue, never summed at par; listed here until a rate converts it',
  ),
})

const handoffAnswer = z.object({
  ...reportSettings,
  slaHours: z.number().nullable().describe("the definition's follow-up SLA; null: none"),
  totals: handoffNumbers,
  groups: z.array(handoffNumbers.extend({ key: z.string() })),
  rejectionReasons: z.array(z.object({ reason: z.string(), count: z.number(), share: z.number() })),
  owners: z.array(handoffNumbers.extend({ ownerId: z.string().describe("the lead's owner; empty: nobody took it") })),
})

/** The shared funnel and the health of the marketing-to-sales handoff, under the active or a named definition. */
export const funnelRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  const resolve = async (query: z.output<typeof definitionQuery>) => {
    const resolved = await ports.queries.resolveDefinition(query.definition)
    const { definitionId, version } = resolved
    const asOf = query.asOf ?? new Date().toISOString()
    const settings = { definition: reportedDefinition(resolved), from: query.from ?? null, to: query.to ?? null, asOf, groupBy: query.groupBy }
    return { resolved, settings, report: { ...query, asOf, definition: { definitionId, version } } }
  }

  app.get(
    '/v1/funnel',
    {
      config: { scope: 'read', expensive: true },
      schema: {
        summary: 'Stage counts, conversion rates and time between stages under a lead definition',
        description:
          `Stages: ${funnelStages.join(' -> ')}, plus rejected, recycled and lost. Each stage counts the persons who ` +
          'entered it for the first time in [from, to); each conversion follows that cohort to the next stage by asOf.',
        querystring: definitionQuery,
        response: { 200: funnelAnswer, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const { settings, report } = await resolve(request.query)
      return { ...settings, ...(await ports.queries.funnel(report)) }
    },
  )

  app.get(
    '/v1/handoffs',
    {
      config: { scope: 'read', expensive: true },
      schema: {
        summary: 'Handoff health: MQL acceptance, rejection reasons, follow-up time, MQLs never followed up, per owner',
        description:
          'Every time a person became an MQL in [from, to), and what sales did about it by asOf. Acceptance rate is ' +
          'accepted / (accepted + rejected); an MQL that went straight onto a deal counts as accepted.',
        querystring: definitionQuery,
        response: { 200: handoffAnswer, 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      const { resolved, settings, report } = await resolve(request.query)
      return { ...settings, slaHours: resolved.definition.slaHours ?? null, ...(await ports.queries.handoffs(report)) }
    },
  )
}
