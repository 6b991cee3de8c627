import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { parseCustomWeights, parseCustomWeightsQuery } from '@attribution/domain'
import { maxIdLength, type Event } from '@attribution/contracts'
import { badRequest } from '../errors.ts'
import { appendOwnEvent } from '../ownEvents.ts'
import type { ApiPorts } from '../ports.ts'
import { customWeightsText, errorBody } from '../schemas.ts'

const weights = z.record(z.string(), z.number()).describe('percent of the deal per position: FT, LC, MQL, OC, CW, middle')

const savedModel = z.object({
  name: z.string(),
  weights,
  savedAt: z.string().describe('when it was saved; null until the projector has applied it').nullable(),
  answers: z
    .enum(['precomputed', 'crediting', 'from milestones'])
    .describe(
      'how answers under it are computed. precomputed: from the credits the projector keeps, in milliseconds. ' +
        'crediting: the projector is crediting every deal under its latest weights; until then answers weigh each deal ' +
        'from the journey milestones it keeps, as for weights nobody saved (about a second for all of a million deals). ' +
        'from milestones: always weighed from the journey milestones, because it weighs the MQL milestone, whose place ' +
        "depends on the lead definition each question uses: each deal's MQL is placed under that definition.",
    )
    .nullable(),
})

/** Where in the body a problem with the weights is: `FT` (object form) or `[2]` (query-string form), or '' for all. */
const weightsPath = (path: string): string => (path === '' ? 'body.weights' : path.startsWith('[') ? `body.weights${path}` : `body.weights.${path}`)

const modelName = z
  .string()
  .min(1, 'must not be empty')
  .max(maxIdLength, `must be at most ${maxIdLength} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, dots, dashes or underscores, starting with a letter or digit')

/**
 * Custom position-based models saved by name, so a team asks for "our model" rather than passing percentages around.
 * Saving appends an `attribution_model.saved` event: the models have the same history and audit trail as the events
 * they credit, and saving a name again replaces its weights from then on.
 */
export const customModelRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.put(
    '/v1/attribution/models/:name',
    {
      schema: {
        summary: 'Save a custom attribution model under a name (or replace its weights)',
        description:
          'The weights are percentages per position summing to 100, as an object ({"FT": 30, "LC": 30, "OC": 30, ' +
          '"middle": 10}) or in the query-string form ("ft:30,lc:30,oc:30,middle:10"). Ask for it with ' +
          'model=custom&customModel=<name> once the projector has applied it (GET /v1/status: lag 0).',
        params: z.object({ name: modelName }),
        body: z.object({ weights: z.union([customWeightsText, z.record(z.string(), z.unknown())]) }),
        response: { 202: savedModel, 400: errorBody },
      },
    },
    async (request, reply) => {
      const given = request.body.weights
      const parsed = typeof given === 'string' ? parseCustomWeightsQuery(given) : parseCustomWeights(given)
      if (!parsed.ok) throw badRequest('weights', parsed.errors.map((error) => ({ path: weightsPath(error.path), message: error.message })))
      const { name } = request.params
      // Only the positions weighed: the event says what was chosen, not the zeros around it.
      const chosen = Object.fromEntries(Object.entries(parsed.weights).filter(([, percent]) => percent > 0))
      const event: Event = {
        // Not the name: a name of maxIdLength characters would not fit an event id. The stream is the model's own.
        eventId: `attribution-model-${randomUUID()}`,
        type: 'attribution_model.saved',
        occurredAt: new Date().toISOString(),
        data: { name, weights: chosen },
      }
      await appendOwnEvent(ports, event, { 'data.name': 'params.name', 'data.weights': 'body.weights' })
      return reply.status(202).send({ name, weights: parsed.weights, savedAt: null, answers: null })
    },
  )

  app.get(
    '/v1/attribution/models',
    {
      schema: {
        summary: 'Every saved custom attribution model, by name',
        response: { 200: z.object({ models: z.array(savedModel) }) },
      },
    },
    async () => ({ models: await ports.queries.customModels() }),
  )
}
