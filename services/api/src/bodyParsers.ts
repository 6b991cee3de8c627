import type { FastifyInstance } from 'fastify'
import { formatPath, maxFieldsPerObject } from '@attribution/contracts'
import { crowdedObjectPath } from './crowdedJson.ts'
import { RequestError } from './errors.ts'

/** The YAML media types a lead definition may be sent as. */
export const yamlTypes = ['application/yaml', 'application/x-yaml', 'text/yaml']

// fatal: bytes that are not UTF-8 are refused rather than replaced, so two different ids never read as one.
const utf8 = new TextDecoder('utf-8', { fatal: true })

function strictUtf8(body: Buffer): string | undefined {
  try {
    return utf8.decode(body)
  } catch {
    return undefined
  }
}

const notUtf8 = () => new RequestError(400, 'body is not valid UTF-8', [{ path: 'body', message: 'is not valid UTF-8' }])

/**
 * Bodies are read as bytes and decoded as strict UTF-8 (fastify's own parsers replace what is not UTF-8). JSON then
 * goes to fastify's JSON parser, with its prototype-poisoning protection, unless it holds an object with more fields
 * than any the API takes, which would take seconds to build: refused unparsed. YAML stays text for the lead-definition
 * route. Nothing else is taken (text/plain included), so no body is read under rules nobody documented.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = strictUtf8(body as Buffer)
    if (text === undefined) return done(notUtf8(), undefined)
    const crowded = crowdedObjectPath(text, maxFieldsPerObject)
    if (crowded === undefined) return parseJson(request, text, done)
    const message = `has more than ${maxFieldsPerObject} fields; no object this API takes has as many`
    return done(new RequestError(400, `invalid body: ${message}`, [{ path: formatPath(['body', ...crowded]), message }]), undefined)
  })
  app.addContentTypeParser(yamlTypes, { parseAs: 'buffer' }, (_request, body, done) => {
    const text = strictUtf8(body as Buffer)
    if (text === undefined) done(notUtf8(), undefined)
    else done(null, text)
  })
}
