import fc from 'fast-check'
import { earliestTimeMs, latestTimeMs } from '@attribution/contracts'
import { hostileText } from './hostile.ts'
import { printable } from './printable.ts'

/** The part of a parameter's JSON Schema the API's zod schemas produce (see GET /docs/json). */
export interface ParameterSchema {
  type?: 'string' | 'integer' | 'number'
  enum?: string[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean
  minLength?: number
  maxLength?: number
  pattern?: string
  anyOf?: ParameterSchema[]
}

export interface Parameter {
  in: 'query' | 'path'
  name: string
  required: boolean
  schema: ParameterSchema
}

export interface Operation {
  method: string
  path: string
  parameters: Parameter[]
}

/** Every operation of an OpenAPI document, with its query and path parameters. */
export function operationsOf(document: { paths: Record<string, Record<string, { parameters?: Parameter[] }>> }): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, parameters: operation.parameters ?? [] })),
  )
}

/** A query value as fastify reads it: `+` is a space, and a value that does not decode as UTF-8 is kept as sent. */
export function decodedQueryValue(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/**
 * Whether a parameter's schema takes a text as the API's zod schemas read it: numbers as `Number(text)` does
 * (z.coerce), texts by length in UTF-16 units and by pattern.
 */
export function schemaAccepts(schema: ParameterSchema, text: string): boolean {
  if (schema.anyOf) return schema.anyOf.some((option) => schemaAccepts(option, text))
  if (schema.enum) return schema.enum.includes(text)
  if (schema.type === 'integer' || schema.type === 'number') {
    const value = Number(text)
    return (
      Number.isFinite(value) &&
      (schema.type === 'number' || Number.isSafeInteger(value)) &&
      (schema.minimum === undefined || (schema.exclusiveMinimum ? value > schema.minimum : value >= schema.minimum)) &&
      (schema.maximum === undefined || value <= schema.maximum)
    )
  }
  return (
    text.length >= (schema.minLength ?? 0) &&
    text.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY) &&
    (schema.pattern === undefined || new RegExp(schema.pattern).test(text))
  )
}

/** What the API knows by name (published definitions, saved models, simulated deals...), to send values it can find. */
export type KnownValues = Record<string, readonly string[]>

/** Values a parameter's schema takes: known ones by name, else drawn from the schema itself. */
function validValue(parameter: Parameter, known: KnownValues): fc.Arbitrary<string> {
  const named = known[parameter.name]
  if (named) return fc.constantFrom(...named)
  const { schema } = parameter
  if (schema.enum) return fc.constantFrom(...schema.enum)
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = Math.ceil(schema.minimum ?? 0) + (schema.exclusiveMinimum ? 1 : 0)
    const max = Math.min(schema.maximum ?? 2 ** 31 - 1, 2 ** 31 - 1)
    return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max)).map(String)
  }
  if (schema.anyOf) {
    return fc
      .tuple(fc.date({ min: new Date(earliestTimeMs), max: new Date(latestTimeMs), noInvalidDate: true }), fc.boolean())
      .map(([date, dateOnly]) => (dateOnly ? date.toISOString().slice(0, 10) : date.toISOString()))
  }
  return fc.string({ unit: 'grapheme-ascii', minLength: Math.max(1, schema.minLength ?? 0), maxLength: 20 })
}

/**
 * Values as they appear in a URL, already percent-encoded: encodings of no UTF-8 (an encoded surrogate, a lone
 * byte, an overlong form, a cut sequence), NUL, injection-looking and very long text, numbers out of every range,
 * dates off the calendar or out of the years the stores hold.
 */
export const hostileValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('%ED%A0%80', '%ED%BF%BF', '%FF', '%C0%AF', '%E2%82', '%F4%90%80%80', '%', '%zz', '%00', 'a%00b', '%F0%9F%98%80', '+', '%2B', '%2F..%2F'),
  hostileText.filter((text) => text.length <= 5_000 && !hasLoneSurrogate(text)).map(encodeURIComponent),
  fc.constantFrom('-1', '0', '-0', '3651', '1e309', '99999999999999999999', 'NaN', 'Infinity', '0x10', '1.5', '2147483648', '4294967297', '9007199254740993', ''),
  fc.constantFrom(
    ...['0001-01-01', '0000-01-01', '1899-12-31', '2300-01-01', '9999-12-31', '9999-12-31T23:59:59.999Z', '10000-01-01', '-002024-01-01'],
    ...['2024-02-30', '2024-13-01', '2024-01-01T24:00:00Z', '2024-01-01T00:00:00+24:00'],
  ),
)

/** encodeURIComponent throws on these; the hostile values above send them as their would-be UTF-8 instead. */
function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))
}

export interface QueryRequest {
  url: string
  /** The parameters sent that their schema surely refuses (or required ones left out): the API must answer 4xx. */
  refused: string[]
}

/**
 * A request to an operation: each query parameter left out, valid or hostile (required ones mostly present), one of
 * them sometimes sent twice, with an unknown parameter now and then; each path parameter valid or hostile.
 */
export function operationRequest(operation: Operation, known: KnownValues): fc.Arbitrary<QueryRequest> {
  const values = operation.parameters.map((parameter) => {
    const value = fc.oneof({ weight: 3, arbitrary: validValue(parameter, known).map(encodeURIComponent) }, { weight: 2, arbitrary: hostileValue })
    return parameter.in === 'path' ? value : fc.option(value, { nil: undefined, freq: parameter.required ? 10 : 2 })
  })
  return fc
    .tuple(fc.tuple(...values), fc.option(hostileValue, { nil: undefined, freq: 5 }), fc.option(fc.nat(), { nil: undefined, freq: 8 }))
    .map(([chosen, unknown, twice]) => {
      let path = operation.path
      const query: string[] = []
      const refused: string[] = []
      operation.parameters.forEach((parameter, index) => {
        const value = chosen[index]
        if (value === undefined) {
          if (parameter.required) refused.push(`${parameter.name} left out`)
          return
        }
        if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, value)
        else query.push(`${encodeURIComponent(parameter.name)}=${value}`)
        const decoded = parameter.in === 'path' ? decodedPathValue(value) : decodedQueryValue(value)
        if (decoded === undefined || !schemaAccepts(parameter.schema, decoded)) refused.push(`${parameter.name}=${value.slice(0, 80)}`)
      })
      if (twice !== undefined && query.length > 0) query.push(query[twice % query.length] as string)
      if (unknown !== undefined) query.push(`utm_source=${unknown}`)
      const url = query.length > 0 ? `${path}?${query.join('&')}` : path
      return printable({ url, refused }, url.length > 300 ? `${url.slice(0, 300)}... (${url.length} characters)` : url)
    })
}

/** A path segment as fastify reads it; undefined when it is no UTF-8, which fastify refuses (400). */
function decodedPathValue(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw)
  } catch {
    return undefined
  }
}
