import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { maxIdLength } from '@attribution/contracts'
import type { ApiPorts } from '../ports.ts'
import { boundedText, errorBody } from '../schemas.ts'

const erasure = z.object({
  id: z.string(),
  state: z.enum(['requested', 'running', 'done', 'failed']),
  requestedAt: z.string(),
  requestedBy: z.string().describe("the API key's name that asked for it; `local` for a request from this machine before any key existed"),
  finishedAt: z.string().nullable(),
  identifiersErased: z.number().int().describe("the person's id and the anonymous ids linked to them whose keys were shredded"),
  error: z.string().nullable(),
})

const noVault = {
  error: 'Not Implemented',
  message: 'this deployment keeps no person vault (KurrentDB without PERSON_VAULT_URL), so nobody can be erased: see docs/privacy.md',
}

/**
 * Erasure of a person: every readable trace of their id, attributes and linked anonymous ids goes, while their touches
 * and deals keep counting under a pseudonym (docs/privacy.md). The request is recorded and carried out in the
 * background; its record never holds the person's id.
 */
export const erasureRoutes: FastifyPluginAsyncZod<ApiPorts> = async (app, ports) => {
  app.post(
    '/v1/persons/:personId/erase',
    {
      config: { scope: 'admin' },
      schema: {
        summary: 'Erase a person: their id, attributes and anonymous ids, everywhere the engine keeps them',
        description:
          'Answers 202 with the erasure; follow it at GET /v1/erasures/{id}. Their touches and deals keep counting under ' +
          'a pseudonym, so no total moves. Events naming the person later are refused. Erasing an id the engine never ' +
          'saw still refuses it from then on.',
        params: z.object({ personId: boundedText(maxIdLength) }),
        response: { 202: erasure, 400: errorBody, 501: errorBody },
      },
    },
    async (request, reply) => {
      if (!ports.erasures) return reply.status(501).send(noVault)
      const record = await ports.erasures.request(request.params.personId, request.apiKey?.name ?? 'local')
      return reply.status(202).header('location', `/v1/erasures/${record.id}`).send(record)
    },
  )

  app.get(
    '/v1/erasures/:erasureId',
    {
      config: { scope: 'admin' },
      schema: {
        summary: "An erasure's progress",
        params: z.object({ erasureId: boundedText(maxIdLength) }),
        response: { 200: erasure, 400: errorBody, 404: errorBody, 501: errorBody },
      },
    },
    async (request, reply) => {
      if (!ports.erasures) return reply.status(501).send(noVault)
      const record = await ports.erasures.get(request.params.erasureId)
      if (!record) return reply.status(404).send({ error: 'Not Found', message: `no erasure '${request.params.erasureId}'` })
      return record
    },
  )
}
