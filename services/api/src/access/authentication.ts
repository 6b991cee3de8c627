import type { FastifyInstance, FastifyReply } from 'fastify'
import { RequestError } from '../errors.ts'
import type { KeyHolder, KeyRing } from './keyRing.ts'
import { fromThisMachine } from './loopback.ts'
import { grants, type Scope } from './scopes.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The key the request was made with; undefined on public routes and in protected mode. */
    apiKey: KeyHolder | undefined
  }
}

const createKeyHint = 'create one with `attribution keys create --name NAME --scope admin` (see docs/deployment.md)'

/**
 * Every request but those to public routes shows a key with the scope its route declares (`config.scope`). While no
 * key exists (protected mode, as Redis has it) there is nothing to show, so the API answers only this machine.
 */
export function requireKeys(app: FastifyInstance, keyRing: KeyRing): void {
  app.decorateRequest('apiKey', undefined)
  app.addHook('onRequest', async (request, reply) => {
    // An unknown path gives nothing away: it is answered 404 whoever asks.
    if (request.is404) return
    const declared = request.routeOptions.config.scope
    if (declared === 'public') return
    // A route nobody gave a scope is for admin keys only; the route table test names it.
    const needed: Scope = declared ?? 'admin'
    const header = request.headers.authorization
    if (header === undefined && !(await keysExist(keyRing, reply))) {
      if (fromThisMachine(request)) return
      throw new RequestError(
        403,
        `protected mode: no API key exists yet, so only clients on the API's own machine are answered; ${createKeyHint}`,
      )
    }
    const key = bearerKey(header)
    if (key === undefined) {
      const problem = header === undefined ? 'this route needs an API key' : 'the Authorization header is not a bearer key'
      throw unauthorized(reply, `${problem}: send Authorization: Bearer <key>`)
    }
    const holder = await holderOf(keyRing, key, reply)
    if (holder === undefined) throw unauthorized(reply, 'the API key is not known (revoked, or mistyped)', 'invalid_token')
    if (!grants(holder.scopes, needed)) {
      reply.header('www-authenticate', `Bearer error="insufficient_scope", scope="${needed}"`)
      throw new RequestError(
        403,
        `${request.method} ${request.routeOptions.url} needs a key with the '${needed}' scope; key '${holder.name}' has ${holder.scopes.join(', ')}`,
      )
    }
    request.apiKey = holder
    keyRing.noteUse(holder.name)
  })
}

/** The key of `Authorization: Bearer <key>`; undefined when the header is missing or of another form. */
function bearerKey(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '')
  return match?.[1]
}

function unauthorized(reply: FastifyReply, message: string, error?: 'invalid_token'): RequestError {
  reply.header('www-authenticate', error ? `Bearer realm="attribution", error="${error}"` : 'Bearer realm="attribution"')
  return new RequestError(401, message)
}

async function keysExist(keyRing: KeyRing, reply: FastifyReply): Promise<boolean> {
  try {
    return await keyRing.anyKey()
  } catch {
    throw keysUnreadable(reply)
  }
}

async function holderOf(keyRing: KeyRing, key: string, reply: FastifyReply): Promise<KeyHolder | undefined> {
  try {
    return await keyRing.holderOf(key)
  } catch {
    throw keysUnreadable(reply)
  }
}

/** Without the keys no request can be let through: answered as a passing outage, not as the client's fault. */
function keysUnreadable(reply: FastifyReply): RequestError {
  reply.header('retry-after', '5')
  return new RequestError(503, 'the API keys cannot be read: the event store does not answer; try again shortly')
}
