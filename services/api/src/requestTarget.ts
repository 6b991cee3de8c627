import type { FastifyInstance } from 'fastify'
import { formatPath, textProblem, type FieldError } from '@attribution/contracts'
import { badRequest } from './errors.ts'
import { parseQueryString, queryStringOf } from './queryString.ts'

/** fastify's `querystringParser`: the values of the strict reading; its problems are answered by the hook below. */
export const querystringParser = (text: string): Record<string, string | string[]> => parseQueryString(text).values

/**
 * Refuses, before anything else reads them, query strings that are not strict UTF-8 and path parameters or query values
 * the stores cannot hold (NUL, lone surrogates), with the path of each: every route's schema then sees only clean text.
 * The router cannot refuse by itself (a querystringParser that throws takes the request down), so this hook does.
 */
export function refuseUnreadableTargets(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const problems: FieldError[] = parseQueryString(queryStringOf(request.url)).problems
    for (const [name, value] of Object.entries((request.params ?? {}) as Record<string, unknown>)) {
      const problem = typeof value === 'string' ? textProblem(value) : undefined
      if (problem !== undefined) problems.push({ path: formatPath(['params', name]), message: problem })
    }
    if (problems.length > 0) throw badRequest('request', problems)
  })
}
