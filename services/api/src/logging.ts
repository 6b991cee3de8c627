import type { FastifyServerOptions } from 'fastify'

interface LoggedRequest {
  method: string
  routeOptions?: { url?: string }
}

/**
 * Request logs name the route's pattern (`/v1/deals/:dealId/journey`), never the path or query as sent, and no
 * client address: ids in a path may be a person's (an e-mail address), and an address is personal data too.
 */
const serializers = {
  req: (request: LoggedRequest) => ({ method: request.method, route: request.routeOptions?.url ?? 'unmatched' }),
}

/** The logger option with those serializers added, whatever form the caller gave it in. */
export function withPrivateLogs(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return logger
  if (logger === true) return { serializers }
  return { ...logger, serializers: { ...serializers, ...(logger as { serializers?: object }).serializers } }
}
