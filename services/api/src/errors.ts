import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { formatPath } from '@attribution/contracts'

export interface ErrorBody {
  error: string
  message: string
  errors?: { path: string; message: string }[]
}

/**
 * Every failure answers with the same shape: a status name, a sentence for people, and for bad input the exact
 * fields at fault. Server errors are logged with their stack and answered without it.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request'
      const errors = error.validation.map((issue) => ({
        path: formatPath([where, ...issue.instancePath.split('/').filter(Boolean).map(toKey)]),
        message: issue.message,
      }))
      const summary = errors.map((item) => `${item.path}: ${item.message}`).join('; ')
      return reply.status(400).send({ error: 'Bad Request', message: `invalid ${where}: ${summary}`, errors })
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send({ error: 'Bad Request', message: `body is not valid JSON: ${error.message}` })
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.status(413).send({ error: 'Payload Too Large', message: error.message })
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.status(415).send({ error: 'Unsupported Media Type', message: 'send events as application/json' })
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

const toKey = (segment: string): string | number => (/^\d+$/.test(segment) ? Number(segment) : segment)
