import { randomUUID } from 'node:crypto'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { customModelSaves, parseCustomWeights, parseCustomWeightsQuery, type RevisionMoved } from '@attribution/domain'
import { attributionModelStream, maxIdLength } from '@attribution/contracts'
import { badRequest } from '../errors.ts'
import { decideOnStream } from '../ownEvents.ts'
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

/** A revision as an ETag carries it: `"3"` (or bare, `3`). */
const revisionTag = z
  .string()
  .regex(/^(?:"\d{1,9}"|\d{1,9})$/, 'must be the ETag of a save of this model, such as "3"')
  .transform((tag) => Number(tag.replaceAll('"', '')))

function revisionMoved({ name, expected, revision }: RevisionMoved): string {
  const now = revision === null ? `${name} was never saved` : `${name} is at revision ${revision}: it was saved again since revision ${expected}`
  const again = revision === null ? 'save it without If-Match' : `save with If-Match: "${revision}" to replace them`
  return `${now}; look at its weights (GET /v1/attribution/models), then ${again}`
}

/**
 * Custom position-based models saved by name, so a team asks for "our model" rather than passing percentages around.
 * Saving appends an `attribution_model.saved` event: the models have the same history and audit trail as the events
 * they credit, and saving a name again replaces its weights from then on.
 */
export const customModelRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.put(
    '/v1/attribution/models/:name',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Save a custom attribution model under a name (or replace its weights)',
        description:
          'The weights are percentages per position summing to 100, as an object ({"FT": 30, "LC": 30, "OC": 30, ' +
          '"middle": 10}) or in the query-string form ("ft:30,lc:30,oc:30,middle:10"). Ask for it with ' +
          'model=custom&customModel=<name> once the projector has applied it (GET /v1/status: lag 0). Every save is ' +
          'recorded in the model\'s stream in the event store, and the answer\'s ETag is its revision there (0, 1, ...). ' +
          'The latest save wins: of two saves racing, the one recorded second holds. Send If-Match with the ETag of your ' +
          'last save to save only if nobody saved the model since; otherwise the answer is 412 and nothing is saved.',
        params: z.object({ name: modelName }),
        headers: z.object({ 'if-match': revisionTag.optional() }),
        body: z.object({ weights: z.union([customWeightsText, z.record(z.string(), z.unknown())]) }),
        response: { 202: savedModel, 400: errorBody, 412: errorBody },
      },
    },
    async (request, reply) => {
      const given = request.body.weights
      const parsed = typeof given === 'string' ? parseCustomWeightsQuery(given) : parseCustomWeights(given)
      if (!parsed.ok) throw badRequest('weights', parsed.errors.map((error) => ({ path: weightsPath(error.path), message: error.message })))
      const { name } = request.params
      const ifRevision = request.headers['if-match']
      // Only the positions weighed: the event says what was chosen, not the zeros around it.
      const weights = Object.fromEntries(Object.entries(parsed.weights).filter(([, percent]) => percent > 0))
      const decision = await decideOnStream(ports, {
        streamId: attributionModelStream(name),
        decider: customModelSaves,
        command: () => ({
          name,
          weights,
          ...(ifRevision === undefined ? {} : { ifRevision }),
          // Not the name: a name of maxIdLength characters would not fit an event id. The stream is the model's own.
          eventId: `attribution-model-${randomUUID()}`,
          at: new Date().toISOString(),
        }),
        requestPaths: { 'data.name': 'params.name', 'data.weights': 'body.weights' },
      })
      if (!decision.ok) return reply.status(412).send({ error: 'Precondition Failed', message: revisionMoved(decision.refusal) })
      return reply
        .status(202)
        .header('etag', `"${decision.state.revision}"`)
        .send({ name, weights: parsed.weights, savedAt: null, answers: null })
    },
  )

  app.get(
    '/v1/attribution/models',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every saved custom attribution model, by name',
        response: { 200: z.object({ models: z.array(savedModel) }) },
      },
    },
    async () => ({ models: await ports.queries.customModels() }),
  )
}
