import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maxReportedErrors, parseLeadDefinition, validateLeadDefinition, type DefinitionFormat, type DefinitionParse } from '@attribution/domain'

const numRuns = 300
// Hundreds of parses take seconds on a busy machine; the bound that matters is asserted per parse, below.
const timeout = 120_000
/** Far above a parse of these small documents (milliseconds), far below the minutes and hangs of a blow-up. */
const withinMs = 1000

// The example documents shipped in packages/domain/lead-definitions, read here: the pure package reads no file.
const examples = ['activity-based.yaml', 'intent-and-fit.yaml'].map((file) =>
  readFileSync(new URL(`../packages/domain/lead-definitions/${file}`, import.meta.url), 'utf8'),
)
const exampleJson = examples.map((text) => {
  const parsed = parseLeadDefinition(text, 'yaml')
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
  return JSON.stringify(parsed.definition, null, 2)
})

/** Pieces that break YAML and JSON in the ways that matter: syntax, anchors and aliases, tags, nesting, odd numbers. */
const hostilePieces = [
  '*', '&a ', '*a', '&x [*x]', '!!binary ', '!!set ', '!foo ', '<<: ', '%YAML 1.1\n---\n', '---\n', '...\n', '? ',
  '- ', ': ', '[', ']', '{', '}', ',', '"', "'", '\\', '#', '|', '>', '\t', '\n', '\r\n', '  ', '\u0000', '\ud83d',
  '😀', '\ufeff', '1e999', '-0', '4294967297', '0x1F', '.nan', '~', 'null', '__proto__: ', 'constructor', '"\\u0000"',
  '"\\ud800"', '*a*a*a*ab', '['.repeat(40), '{"a":'.repeat(30), '- '.repeat(30), `[${'*a, '.repeat(150)}]`,
]
const piece = fc.oneof(fc.constantFrom(...hostilePieces), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 }))

type Mutation = (text: string) => string
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), piece).map(([at, inserted]): Mutation => (text) => spliced(text, at, 0, inserted)),
  fc.tuple(fc.nat(), fc.nat(40)).map(([at, length]): Mutation => (text) => spliced(text, at, length, '')),
  fc.tuple(fc.nat(), fc.nat(40), piece).map(([at, length, inserted]): Mutation => (text) => spliced(text, at, length, inserted)),
  fc.tuple(fc.nat(), fc.nat(200), fc.nat()).map(([from, length, to]): Mutation => (text) => {
    const start = from % (text.length + 1)
    return spliced(text, to, 0, text.slice(start, start + length))
  }),
)

function spliced(text: string, at: number, length: number, inserted: string): string {
  const start = at % (text.length + 1)
  return text.slice(0, start) + inserted + text.slice(start + length)
}

function mutated(texts: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 6 }))
    .map(([text, mutations]) => mutations.reduce((result, mutate) => mutate(result), text))
}

/** What every answer must be: a definition that checks again, or a short list of errors that say where. */
function expectAnswerSoon(text: string, format: DefinitionFormat): DefinitionParse {
  const started = performance.now()
  const parsed = parseLeadDefinition(text, format)
  expect(performance.now() - started).toBeLessThan(withinMs)
  if (parsed.ok) {
    expect(validateLeadDefinition(parsed.definition)).toEqual(parsed)
    return parsed
  }
  expect(parsed.errors.length).toBeGreaterThan(0)
  expect(parsed.errors.length).toBeLessThanOrEqual(maxReportedErrors + 1)
  const lines = text.split('\n').length
  for (const error of parsed.errors) {
    expect(error).toEqual({
      path: expect.any(String),
      message: expect.stringMatching(/\S/),
      ...(error.line === undefined ? {} : { line: expect.any(Number), column: expect.any(Number) }),
    })
    expect(error.line ?? 1).toBeGreaterThanOrEqual(1)
    expect(error.line ?? 1).toBeLessThanOrEqual(lines)
    expect(error.column ?? 1).toBeGreaterThanOrEqual(1)
  }
  return parsed
}

describe('parseLeadDefinition answers every text, soon, never with an exception', () => {
  it.each(['yaml', 'json'] as const)('for arbitrary strings, read as %s', (format) => {
    const text = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.array(piece).map((pieces) => pieces.join('')))
    fc.assert(
      fc.property(text, (text) => {
        expectAnswerSoon(text, format)
      }),
      { numRuns },
    )
  }, timeout)

  it.each([
    ['YAML', examples, 'yaml'],
    ['JSON', exampleJson, 'json'],
  ] as const)('for mutations of the example definitions written as %s', (_, texts, format) => {
    // Most mutations break the document; some keep it valid, and those must still read as a valid definition.
    fc.assert(
      fc.property(mutated(texts), (text) => {
        expectAnswerSoon(text, format)
      }),
      { numRuns },
    )
  }, timeout)

  it('for the example definitions themselves, which it reads', () => {
    for (const text of examples) expect(expectAnswerSoon(text, 'yaml').ok).toBe(true)
    for (const text of exampleJson) expect(expectAnswerSoon(text, 'json').ok).toBe(true)
  })
})
