import fc from 'fast-check'
import { parse, stringify } from 'yaml'
import { maxVersion } from '@attribution/contracts'
import { exampleDocument } from '../leadDefinitions.ts'
import { printable } from './printable.ts'

/** One request to POST /v1/lead-definitions and what the API must do with it. */
export interface DefinitionRequest {
  how: string
  headers: Record<string, string>
  payload: string | Buffer
  /** valid: published as `id@version` (`key`); refused: answered with one of `refusedWith`. */
  verdict: 'valid' | 'refused' | 'either'
  refusedWith: number[]
  key?: string
}

type Definition = Record<string, unknown>

const yamlType = { 'content-type': 'application/yaml' }
const jsonType = { 'content-type': 'application/json' }

/** The shipped example definitions, as their text and as objects to change. */
export const exampleTexts = [exampleDocument('activity-based'), exampleDocument('intent-and-fit')]
const examples = exampleTexts.map((text) => parse(text) as Definition)

const request = (how: string, fields: Omit<DefinitionRequest, 'how' | 'refusedWith'> & { refusedWith?: number[] }): DefinitionRequest =>
  printable({ how, refusedWith: [400], ...fields }, `${fields.verdict}: ${how} (${Buffer.byteLength(fields.payload).toLocaleString('en')} bytes)`)

/** The definition sent as YAML text or as a JSON object. */
function sent(definition: Definition, format: 'yaml' | 'json') {
  return format === 'yaml' ? { headers: yamlType, payload: stringify(definition) } : { headers: jsonType, payload: JSON.stringify(definition) }
}

/** The document the API keeps for a request it publishes: YAML as sent, JSON pretty-printed. */
export function documentOf({ headers, payload }: DefinitionRequest): string {
  const text = payload.toString()
  return headers['content-type'] === jsonType['content-type'] ? JSON.stringify(JSON.parse(text), null, 2) : text
}

const format = fc.constantFrom<'yaml' | 'json'>('yaml', 'json')
const example = fc.constantFrom(...examples)

/** Valid definitions under a few ids and versions (the largest a version may be among them), so versions collide. */
const validDefinition = fc
  .record({
    base: example,
    id: fc.constantFrom('fz-a', 'fz-b', 'activity-based'),
    version: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(maxVersion)),
    threshold: fc.integer({ min: 1, max: 200 }),
    format,
  })
  .map(({ base, id, version, threshold, format }) => {
    const definition = { ...base, id, version, mql: { ...(base.mql as Definition), threshold } }
    return request(`${id}@${version} (threshold ${threshold}) as ${format}`, { verdict: 'valid', key: `${id}@${version}`, ...sent(definition, format) })
  })

/** The example documents exactly as shipped: the setup published both, so these are the same documents again. */
const exampleAgain = fc.constantFrom(...exampleTexts).map((text) => {
  const { id, version } = parse(text) as { id: string; version: number }
  return request(`${id}@${version} as shipped`, { verdict: 'valid', key: `${id}@${version}`, headers: yamlType, payload: text })
})

/** One field of a valid definition changed to something the schema refuses. */
const refusedField = fc
  .record({
    base: example,
    format,
    change: fc.oneof(
      fc.constantFrom(0, -1, 1.5, maxVersion + 1, 2 ** 32, 2 ** 32 + 1, 2 ** 53, 1e20, '1', null, true).map((version) => ({ version })),
      fc.constantFrom('Has-Upper', '', ' fz', 'fz ', 'a'.repeat(65), '../fz', 'fz/a', 'fz@1', 'fz\u0000', 'fz\ud800').map((id) => ({ id })),
      fc.constantFrom('x\u0000y', 'x\ud800', '', 'x'.repeat(257)).map((name) => ({ name })),
      fc.constantFrom(0, -5, 'ten').map((threshold) => ({ mql: { threshold } })),
      fc.constant({ colour: 'red' }),
      fc.constant({ mql: undefined }),
      fc.constantFrom('[ab]', '{a,b}', 'x\\', ' x').map((content) => ({ behaviour: [{ name: 'bad-pattern', points: 10, match: { content } }] })),
      fc.constant({ behaviour: [{ name: 'bad-type', points: 10, match: { touchType: 'carrier_pigeon' } }] }),
      fc.constant({ behaviour: Array.from({ length: 501 }, (_, index) => ({ name: `rule-${index}`, points: 1, match: { touchType: 'page_view' } })) }),
    ),
  })
  .map(({ base, format, change }) => {
    const definition = { ...base, id: 'fz-refused', ...change }
    const { payload, headers } = sent(definition, format)
    return request(`${JSON.stringify(change).slice(0, 80)} as ${format}`, { verdict: 'refused', headers, payload })
  })

/** A definition's YAML with `tail` appended: a valid document spoilt by what follows it. */
const spoilt = (tail: string) => `${stringify({ ...examples[0], id: 'fz-yaml' })}${tail}`
const refused = (how: string, headers: Record<string, string>, payload: string | Buffer, refusedWith = [400]) =>
  request(how, { verdict: 'refused', headers, payload, refusedWith })
const refusedYaml = (how: string, payload: string | Buffer, refusedWith?: number[]) => refused(how, yamlType, payload, refusedWith)

/** Nine lists of nine aliases of the one before: 9^9 strings once expanded, from a few hundred bytes. */
const billionLaughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...[...'bcdefghi'].map((name, index) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[index]}`).join(',')}]`),
].join('\n')

/** The example's YAML with these bytes, which are not UTF-8, in its name. */
const withBytesInName = (bytes: readonly number[]) => {
  const [before, after] = stringify({ ...examples[0], id: 'fz-bytes', name: 'MARK' }).split('MARK') as [string, string]
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])
}

/** YAML that costs a naive reader time, memory or its stack, or that no store can keep. */
const hostileYaml = fc.oneof(
  fc.constant(refusedYaml('a billion laughs', spoilt(billionLaughs))),
  fc.constantFrom(101, 10_000).map((count) => refusedYaml(`${count} aliases`, spoilt(`anchor: &x value\naliases: [${Array(count).fill('*x').join(',')}]\n`))),
  fc.constantFrom(1_000, 10_000, 100_000).map((depth) => refusedYaml(`flow lists nested ${depth} deep`, spoilt(`deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`))),
  fc.constant(refusedYaml('NUL in the name', stringify({ ...examples[0], id: 'fz-nul' }).replace(/^name: .*$/m, 'name: a\u0000b'))),
  fc
    .constantFrom([0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf])
    .map((bytes) => refusedYaml(`bytes ${bytes.map((byte) => byte.toString(16)).join(' ')} in the name`, withBytesInName(bytes))),
  fc.constant(refusedYaml('a key given twice', spoilt('id: fz-twice\n'))),
  fc.constant(refusedYaml('the id as !!binary', stringify({ ...examples[0], id: 'REPLACE' }).replace('id: REPLACE', 'id: !!binary aGVsbG8='))),
  fc.constantFrom('', 'just text', '- a\n- list', '~').map((payload) => refusedYaml(`the document ${JSON.stringify(payload)}`, payload)),
  fc.constant(refusedYaml('a document of more than 1,000,000 characters', spoilt(`# ${'x'.repeat(1_000_001)}\n`), [400, 413])),
)

/** JSON bodies that are no definition object or nested past any stack, and a type no parser reads (fastify reads text/plain as text: YAML). */
const hostileJson = fc.oneof(
  fc.constantFrom('[]', '[{"id":"fz"}]', '1', 'null').map((payload) => refused(`the JSON ${payload}`, jsonType, payload)),
  fc
    .constantFrom(1_000, 10_000, 100_000)
    .map((depth) => refused(`JSON nested ${depth} deep`, jsonType, `{"id":"fz-deep","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
  fc.constant(refused('application/xml', { 'content-type': 'application/xml' }, exampleTexts[0] ?? '', [415])),
)

/**
 * Patterns whose naive regular expressions backtrack for hours on a long text: a definition may be refused for
 * them or published, but not hang anything (the replay scenario of the fuzz suite sends the texts that trigger them).
 */
export const backtrackingPattern = fc
  .tuple(fc.integer({ min: 3, max: 8 }), fc.constantFrom('a', '/', 'x'), fc.constantFrom('b', '!'))
  .map(([stars, repeated, last]) => `${`*${repeated}`.repeat(stars)}*${last}`)

const eitherDefinition = fc.oneof(
  fc.tuple(example, backtrackingPattern, format).map(([base, content, format]) => {
    const definition = { ...base, id: 'fz-pattern', behaviour: [{ name: 'hostile', points: 10, match: { content } }] }
    return request(`the pattern ${content} as ${format}`, { verdict: 'either', ...sent(definition, format) })
  }),
  fc
    .tuple(example, fc.constantFrom('name', 'description', 'slaHours', 'recycle', 'fit', 'behaviour'), fc.jsonValue({ maxDepth: 2 }), format)
    .map(([base, field, value, format]) => {
      const definition = { ...base, id: 'fz-random', [field]: value }
      return request(`${field} = ${JSON.stringify(value).slice(0, 60)} as ${format}`, { verdict: 'either', ...sent(definition, format) })
    }),
)

/** Valid definitions, the shipped ones again among them: published once, a version never changing. */
export const publishableDefinition: fc.Arbitrary<DefinitionRequest> = fc.oneof(validDefinition, exampleAgain)

/** Definitions that must be refused, and some that may be either, none of them in a way that takes the engine down. */
export const hostileDefinition: fc.Arbitrary<DefinitionRequest> = fc.oneof(refusedField, hostileYaml, hostileJson, eitherDefinition)
