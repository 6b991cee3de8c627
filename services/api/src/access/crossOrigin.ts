import cors from '@fastify/cors'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { RequestError } from '../errors.ts'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Writes a web page on another origin could make the browser send are refused, unless that origin is allowed
 * (CORS_ORIGINS). A browser sends such a write without asking first when it looks like a form's (text/plain, an
 * empty body), and with the visitor's network position: from a page open on the API's own machine it would pass as
 * local in protected mode. Browsers name the page's origin in `Origin` on every cross-origin write, and in
 * `Sec-Fetch-Site` where they are the page's own. The allowed origins also get CORS answers, so their pages can send
 * Authorization and JSON.
 */
export async function refuseForeignWrites(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  const allowed = new Set(allowedOrigins.map((origin) => origin.replace(/\/$/, '')))
  // Browsers send a preflight without credentials, so the preflight route the CORS plugin adds needs no key.
  app.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS') route.config = { ...(route.config as object), scope: 'public' }
  })
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['retry-after', 'www-authenticate'],
    maxAge: 600,
  })
  app.addHook('onRequest', async (request) => {
    if (safeMethods.has(request.method)) return
    const origin = request.headers.origin
    if (origin !== undefined && !allowed.has(origin) && !isOwnOrigin(origin, request)) {
      throw new RequestError(403, `writes from pages on ${origin} are refused; allow that origin in CORS_ORIGINS if it is yours`)
    }
    const site = request.headers['sec-fetch-site']
    if (origin === undefined && (site === 'cross-site' || site === 'same-site')) {
      throw new RequestError(403, `writes from pages on other sites are refused (Sec-Fetch-Site: ${site}); allow the origin in CORS_ORIGINS`)
    }
  })
}

/** The API's own pages (the dashboard it serves): the origin names the host the request was sent to. */
function isOwnOrigin(origin: string, request: FastifyRequest): boolean {
  const host = request.headers.host
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)
}
