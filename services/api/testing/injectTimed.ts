import type { FastifyInstance, InjectOptions } from 'fastify'

/**
 * Injects a request and notes the clock around it: what the route stamps with "now" (an asOf left out, an event's
 * occurredAt) lies between `before` and `after`, both ISO instants, so a test can check it without freezing time.
 */
export async function injectTimed(app: FastifyInstance, options: InjectOptions) {
  const before = new Date().toISOString()
  const response = await app.inject(options)
  return { response, before, after: new Date().toISOString() }
}
