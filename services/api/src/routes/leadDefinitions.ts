import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { leadDefinitionVersions, parseLeadDefinition, validateLeadDefinition, type DefinitionParse } from '@attribution/domain'
import { leadDefinitionStream, maxDocumentLength, maxIdLength } from '@attribution/contracts'
import { bodyLimits } from '../bodyLimits.ts'
import { badRequest } from '../errors.ts'
import { decideOnStream } from '../ownEvents.ts'
import type { ApiPorts } from '../ports.ts'
import { boundedText, documentBody, documentErrors, errorBody } from '../schemas.ts'


const storedDefinition = z.object({
  definitionId: z.string(),
  version: z.number().int(),
  name: z.string(),
  format: z.enum(['yaml', 'json']),
  document: z.string().describe('the definition as it was published'),
  publishedAt: z.string(),
  replayed: z.boolean().describe('a replay of this version has finished: it can be queried, compared and activated'),
  active: z.boolean().describe('every query uses this version unless told otherwise'),
})

const published = z.object({
  definitionId: z.string(),
  version: z.number().int(),
  published: z.boolean().describe('false when this very document was already published as this version'),
})

const definitionBody = documentBody('a lead definition')

/** Where the published event's fields come from in the request. */
const documentFields = { 'data.document': 'body', 'data.definitionId': 'body.id', 'data.version': 'body.version', 'data.name': 'body.name' }

/**
 * Lead definitions are facts like any other: publishing a version appends a `lead_definition.published` event, so the
 * definitions have the same history, audit trail and replay as the events they are applied to. Versions are immutable.
 */
export const leadDefinitionRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.post(
    '/v1/lead-definitions',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Publish a new version of a lead definition (YAML or JSON)',
        description:
          'Send the document as application/yaml or as a JSON object. An invalid document is refused with the path ' +
          '(and for YAML the line and column) of every problem. Publishing the same version again with the same ' +
          'document is harmless; a different document under a published version is refused. A document holds at most ' +
          `${maxDocumentLength} characters (as stored: JSON is stored indented), and a body at most ${bodyLimits.leadDefinition} bytes.`,
        body: definitionBody,
        response: { 201: published, 200: published, 400: documentErrors, 409: errorBody, 413: errorBody },
      },
      bodyLimit: bodyLimits.leadDefinition,
    },
    async (request, reply) => {
      const yaml = typeof request.body === 'string'
      // Checked before a JSON body is written out as the stored document: a value nested too deep overflows stringify.
      const parsed: DefinitionParse = yaml ? parseLeadDefinition(request.body as string, 'yaml') : validateLeadDefinition(request.body)
      if (!parsed.ok) throw badRequest('lead definition', parsed.errors)
      const document = yaml ? (request.body as string) : JSON.stringify(request.body, null, 2)
      const { id: definitionId, version, name } = parsed.definition
      // Decided on the definition's stream, which holds a version from the moment it is published: the read model may
      // not have it yet. Of two racing publications of one version, the second is decided again once the first is in.
      const command = { definitionId, version, name, format: yaml ? ('yaml' as const) : ('json' as const), document, at: new Date().toISOString() }
      const decision = await decideOnStream(ports, {
        streamId: leadDefinitionStream(definitionId),
        decider: leadDefinitionVersions,
        command: () => command,
        requestPaths: documentFields,
      })
      if (!decision.ok) {
        return reply.status(409).send({
          error: 'Conflict',
          message: `${definitionId} version ${version} is already published with another document; publish version ${version + 1}`,
        })
      }
      const appended = decision.appended.length > 0
      return reply.status(appended ? 201 : 200).send({ definitionId, version, published: appended })
    },
  )

  app.get(
    '/v1/lead-definitions',
    {
      config: { scope: 'read' },
      schema: {
        summary: 'Every published version of every lead definition, newest version first, and the active one',
        querystring: z.object({ definitionId: boundedText(maxIdLength).optional() }),
        response: {
          200: z.object({
            definitions: z.array(storedDefinition),
            active: z.object({ definitionId: z.string(), version: z.number().int() }).nullable(),
          }),
        },
      },
    },
    async (request) => {
      const [definitions, active] = await Promise.all([
        ports.queries.leadDefinitions(request.query.definitionId),
        ports.queries.activeDefinition(),
      ])
      const replayed = new Map<string, number[]>()
      for (const { definitionId } of definitions) {
        if (!replayed.has(definitionId)) replayed.set(definitionId, await ports.replays.replayedVersions(definitionId))
      }
      return {
        definitions: definitions.map((definition) => ({
          ...definition,
          replayed: replayed.get(definition.definitionId)?.includes(definition.version) ?? false,
          active: active?.definitionId === definition.definitionId && active.version === definition.version,
        })),
        active: active ? { definitionId: active.definitionId, version: active.version } : null,
      }
    },
  )
}
