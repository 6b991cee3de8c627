import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { dealOrders } from '@attribution/read-model'
import type { ApiPorts } from '../ports.ts'
import { errorBody, wholeNumber, windowQuery } from '../schemas.ts'

const listedDeal = z.object({
  dealId: z.string(),
  accountId: z.string(),
  amount: z.number().nullable().describe('the deal amount now, in the reporting currency; null while no exchange rate converts it'),
  createdAt: z.string(),
  outcome: z.enum(['open', 'won', 'lost']),
  wonAt: z.string().nullable(),
  wonAmount: z.number().nullable().describe('the amount it was won at, in the reporting currency; null unless won, or while unconverted'),
  currency: z.string().describe("the deal's own currency (ISO 4217)"),
  originalAmount: z.number().describe("the deal amount now, in the deal's own currency"),
})

const dealsQuery = windowQuery
  .extend({
    order: z.enum(dealOrders).default('amount').describe('amount: largest first; createdAt: newest first'),
    limit: wholeNumber(1, 1000).default(100).describe('how many deals to list'),
  })
  .refine((query) => !(query.from && query.to && query.from >= query.to), { message: 'must be after from', path: ['to'] })

/** The deals of a window, so a figure of revenue by campaign can be explained deal by deal with their journeys. */
export const dealRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.get(
    '/v1/deals',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Deals created in a window, largest (in the reporting currency, unconverted last) or newest first',
        description: 'Pick one and read its journey at /v1/deals/{dealId}/journey.',
        querystring: dealsQuery,
        response: {
          200: z.object({
            deals: z.array(listedDeal),
            total: z.number().int().describe('deals created in the window, however many are listed'),
            currency: z.string(),
          }),
          400: errorBody,
        },
      },
    },
    async (request) => {
      const { from, to, order, limit } = request.query
      const list = await ports.queries.deals({ ...(from ? { from } : {}), ...(to ? { to } : {}), order, limit })
      return { ...list, currency: ports.reportingCurrency }
    },
  )
}
