import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { RequestError } from '../errors.ts'

/**
 * At most `perMinute` requests a minute per key, counted by each API process (N processes behind a balancer let a key
 * make up to N times as many). Requests without a key (public routes, protected mode) are not counted: public routes
 * cost nothing, and in protected mode every client is this machine. Runs after the key check, whose key it counts by.
 */
export async function limitRequestsPerKey(app: FastifyInstance, perMinute: number): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    hook: 'onRequest',
    keyGenerator: (request) => `key:${request.apiKey?.name ?? ''}`,
    allowList: (request) => request.apiKey === undefined,
    errorResponseBuilder: (_request, context) =>
      new RequestError(
        429,
        `this key has made its ${context.max} requests of the minute (RATE_LIMIT_PER_MINUTE); try again in ${context.after}`,
      ),
  })
}
