import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { boundErrors, formatPath, type FieldError } from '@attribution/contracts'

export interface ErrorBody {
  error: string
  message: string
  errors?: FieldError[]
}

/** A refusal raised by a route, a parser or a hook: answered with its status, a sentence, and the fields at fault. */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message)
    this.name = STATUS_CODES[statusCode] ?? 'Error'
  }
}

/** Bad input: every field at fault with its path (`querystring.from`, `body.version`), at most `maxReportedErrors`. */
export function badRequest(what: string, errors: readonly FieldError[]): RequestError {
  const shown = boundErrors(errors)
  const summary = shown.map((item) => (item.path === '' ? item.message : `${item.path}: ${item.message}`)).join('; ')
  return new RequestError(400, `invalid ${what}: ${summary}`, shown)
}

function send(reply: FastifyReply, error: RequestError) {
  return reply.status(error.statusCode).send({ error: error.name, message: error.message, ...(error.errors ? { errors: error.errors } : {}) })
}

/**
 * Every failure answers with the same shape: a status name, a sentence for people, and for bad input the exact
 * fields at fault. Server errors are logged with their stack and answered without it.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    if (error instanceof RequestError) return send(reply, error)
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request'
      const errors = error.validation.map((issue) => ({
        path: formatPath([where, ...issue.instancePath.split('/').filter(Boolean).map(toKey)]),
        message: issue.message ?? 'is invalid',
      }))
      return send(reply, badRequest(where, errors))
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, new RequestError(400, `body is not valid JSON: ${error.message}`, [{ path: 'body', message: 'is not valid JSON' }]))
      case 'FST_ERR_CTP_BODY_TOO_LARGE': {
        const limit = request.routeOptions.bodyLimit
        const message = `the body is larger than the ${limit.toLocaleString('en-US')} bytes ${request.method} ${request.routeOptions.url} takes`
        return reply.status(413).send({ error: 'Payload Too Large', message })
      }
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send({
          error: 'Unsupported Media Type',
          message: 'send application/json (lead definitions also take application/yaml)',
        })
    }
    const status = error.statusCode ?? 500
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    return reply.status(status).send({
      error: status >= 500 ? 'Internal Server Error' : (error.name ?? 'Error'),
      message: status >= 500 ? 'the server failed to answer; see its log' : error.message,
    })
  })
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'Not Found', message: `no route ${request.method} ${request.url}; see /docs` }),
  )
}

/**
 * Errors the router raises before any route runs (fastify's `frameworkErrors`): a path whose percent-escapes are not
 * UTF-8, a path segment longer than any id. Answered in the same shape as every other refusal.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, new RequestError(414, 'a segment of the URL path is longer than any id this API takes'))
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return send(reply, badRequest('path', [{ path: 'params', message: 'must be percent-encoded UTF-8' }]))
  }
  return send(reply, new RequestError(error.statusCode ?? 400, error.message))
}

const toKey = (segment: string): string | number => (/^\d+$/.test(segment) ? Number(segment) : segment)
