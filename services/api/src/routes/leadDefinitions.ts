import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { parseLeadDefinition, validateLeadDefinition, type DefinitionParse } from '@attribution/domain'
import type { Event } from '@attribution/contracts'
import type { ApiPorts } from '../ports.ts'
import { errorBody } from '../schemas.ts'

const yamlTypes = ['application/yaml', 'application/x-yaml', 'text/yaml']

const definitionErrors = errorBody.extend({
  errors: z.array(z.object({ path: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() })),
})

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

/**
 * Lead definitions are facts like any other: publishing a version appends a `lead_definition.published` event, so the
 * definitions have the same history, audit trail and replay as the events they are applied to. Versions are immutable.
 */
export const leadDefinitionRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.addContentTypeParser(yamlTypes, { parseAs: 'string' }, (_request, body, done) => done(null, body))

  app.post(
    '/v1/lead-definitions',
    {
      schema: {
        summary: 'Publish a new version of a lead definition (YAML or JSON)',
        description:
          'Send the document as application/yaml or as a JSON object. An invalid document is refused with the path ' +
          '(and for YAML the line and column) of every problem. Publishing the same version again with the same ' +
          'document is harmless; a different document under a published version is refused.',
        body: z.union([z.string(), z.record(z.string(), z.unknown())]).describe('the definition, YAML text or JSON'),
        response: { 201: published, 200: published, 400: definitionErrors, 409: errorBody },
      },
    },
    async (request, reply) => {
      const yaml = typeof request.body === 'string'
      const document = yaml ? (request.body as string) : JSON.stringify(request.body, null, 2)
      const parsed: DefinitionParse = yaml ? parseLeadDefinition(document, 'yaml') : validateLeadDefinition(request.body)
      if (!parsed.ok) {
        const summary = parsed.errors.map((error) => `${error.path || '(document)'}: ${error.message}`).join('; ')
        return reply.status(400).send({ error: 'Bad Request', message: `invalid lead definition: ${summary}`, errors: parsed.errors })
      }
      const { id: definitionId, version, name } = parsed.definition
      const [existing] = (await ports.queries.leadDefinitions(definitionId)).filter((stored) => stored.version === version)
      if (existing && existing.document !== document) {
        return reply.status(409).send({
          error: 'Conflict',
          message: `${definitionId} version ${version} is already published with another document; publish version ${version + 1}`,
        })
      }
      const event: Event = {
        eventId: `lead-definition-${definitionId}-v${version}`,
        type: 'lead_definition.published',
        occurredAt: new Date().toISOString(),
        data: { definitionId, version, name, format: yaml ? 'yaml' : 'json', document },
      }
      const stored = existing ? { appended: 0 } : await ports.sink.append([event])
      return reply.status(stored.appended > 0 ? 201 : 200).send({ definitionId, version, published: stored.appended > 0 })
    },
  )

  app.get(
    '/v1/lead-definitions',
    {
      schema: {
        summary: 'Every published version of every lead definition, newest version first, and the active one',
        querystring: z.object({ definitionId: z.string().min(1).optional() }),
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
