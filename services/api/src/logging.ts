import type { FastifyServerOptions } from 'fastify'

interface LoggedRequest {
  method: string
  routeOptions?: { url?: string }
}

interface LoggedReply {
  statusCode: number
  request?: LoggedRequest
}

const routeOf = (request: LoggedRequest | undefined) => request?.routeOptions?.url ?? 'unmatched'

/**
 * Request logs name the route's pattern (`/v1/deals/:dealId/journey`), never the path or query as sent, and no
 * client address: ids in a path may be a person's (an e-mail address), and an address is personal data too.
 */
const serializers = {
  req: (request: LoggedRequest) => ({ method: request.method, route: routeOf(request) }),
  // The answer's line names its request too, so one line tells what was asked and how it went.
  res: (reply: LoggedReply) => ({ statusCode: reply.statusCode, method: reply.request?.method, route: routeOf(reply.request) }),
}

/** The logger option with those serializers added, whatever form the caller gave it in. */
export function withPrivateLogs(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return logger
  if (logger === true) return { serializers }
  return { ...logger, serializers: { ...serializers, ...(logger as { serializers?: object }).serializers } }
}
