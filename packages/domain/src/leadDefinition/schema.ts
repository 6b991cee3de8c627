import { formatPath, maxVersion, touchTypes } from '@attribution/contracts'
import { LineCounter, parseDocument, visit, type Alias, type Document, type YAMLError } from 'yaml'
import { z } from 'zod'
import type { LeadDefinition } from './definition.ts'
import { patternProblem } from './glob.ts'
import { maxDays, maxPatternCharacters, maxPoints, maxRules, maxSlaHours } from './limits.ts'
import { unstorableCharacter } from './storableText.ts'

/** One problem with a lead definition document: where (a path into the document, and its line when known) and why. */
export interface DefinitionError {
  /** `behaviour[2].match.content`, or `` for the document as a whole. */
  path: string
  message: string
  /** 1-based, when the text could be located. */
  line?: number
  column?: number
}

export type DefinitionParse = { ok: true; definition: LeadDefinition } | { ok: false; errors: DefinitionError[] }

export type DefinitionFormat = 'yaml' | 'json'

/** `behaviour[2].match.content: invalid pattern: ... (line 14, column 18)` */
export function formatDefinitionError(error: DefinitionError): string {
  const where = error.line === undefined ? '' : ` (line ${error.line}, column ${error.column ?? 1})`
  return `${error.path === '' ? '(document)' : error.path}: ${error.message}${where}`
}

/**
 * Reads a lead definition document. Syntax errors carry the line and column of the problem; errors in the content
 * carry the path of the field (`behaviour[2].match.content`) and, where it can be found, its line and column. Every
 * problem is reported, not just the first.
 */
export function parseLeadDefinition(text: string, format: DefinitionFormat): DefinitionParse {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  let value: unknown
  if (format === 'json') {
    const syntax = parseJson(text, lineCounter)
    if (!syntax.ok) return syntax
    const duplicate = document.errors.find((error) => error.code === 'DUPLICATE_KEY')
    // JSON.parse lets the last of two equal keys win silently; a definition must say one thing.
    if (duplicate !== undefined) return { ok: false, errors: [syntaxError(duplicate, lineCounter)] }
    value = syntax.value
  } else {
    if (document.errors.length > 0) {
      return { ok: false, errors: document.errors.map((error) => syntaxError(error, lineCounter)) }
    }
    const alias = unresolvedAlias(document)
    if (alias !== undefined) {
      // Most often an unquoted pattern: YAML reads `*student*` as a reference to an anchor named `student*`.
      const message = `'*${alias.source}' refers to no anchor; put patterns that start with * in quotes`
      return { ok: false, errors: [{ path: '', message, ...lineAndColumn(lineCounter, alias.range?.[0] ?? 0) }] }
    }
    value = document.toJS()
  }
  const validation = validateLeadDefinition(value)
  if (validation.ok) return validation
  // JSON is YAML too: the same document tree locates the errors of both formats (unless it could not be read).
  const locate = document.errors.length === 0 ? document : undefined
  const located = validation.errors.map((error) => ({ ...error, ...positionOf(locate, lineCounter, error.path) }))
  return { ok: false, errors: located.sort(inTextOrder) }
}

/** Checks a definition already read into a value (a JSON request body, say). */
export function validateLeadDefinition(value: unknown): DefinitionParse {
  const result = leadDefinitionSchema.safeParse(value, { error: defaultMessage })
  const problems = crossFieldProblems(value)
  if (result.success && problems.length === 0) {
    // The cast adds what the checks above ensured and zod's types cannot say: one condition per fit rule.
    return { ok: true, definition: result.data as LeadDefinition }
  }
  const shapeProblems = (result.error?.issues ?? []).flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }))
    }
    return [{ path: formatPath(issue.path), message: issue.message }]
  })
  return { ok: false, errors: [...shapeProblems, ...problems] }
}

// --- The schema -----------------------------------------------------------------------------------------------------

/** Every text of a definition is stored with it (see storableText.ts). */
const storableString = z.string().superRefine((value, context) => {
  const unstorable = unstorableCharacter(value)
  if (unstorable !== undefined) context.addIssue({ code: 'custom', message: unstorable.message })
})
const text = (max: number) =>
  storableString
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value === value.trim(), 'must not start or end with whitespace')
// zod 4 numbers are finite: YAML's .inf and .nan are refused as "must be a number".
const positiveUpTo = (max: number, unit = '') => z.number().gt(0, 'must be greater than 0').max(max, `must be at most ${max}${unit}`)
const points = positiveUpTo(maxPoints)
/** A number of days that derives a time from another (a deadline, an age): see limits.ts. */
const days = positiveUpTo(maxDays, ' (10 years)')
const attributeValue = z.union([storableString.max(1024, 'must be at most 1024 characters'), z.number(), z.boolean()], {
  error: 'must be a text, a number or true/false',
})
// Each entry is a touch type or a pattern, each checked in full below (a pattern must be storable text, too).
const oneOrMany = z.union([z.string(), z.array(z.string()).min(1, 'must not be empty').max(100)], {
  error: 'must be a text or a list of texts',
})

const touchTypeList = touchTypes.join(', ')
const matchFields = ['touchType', 'channel', 'campaignId', 'content'] as const
const patternFields = ['channel', 'campaignId', 'content'] as const

const touchMatch = z
  .strictObject({ touchType: oneOrMany, channel: oneOrMany, campaignId: oneOrMany, content: oneOrMany }, {
    error: 'must be an object',
  })
  .partial()
  .superRefine((match, context) => {
    if (matchFields.every((field) => match[field] === undefined)) {
      context.addIssue({ code: 'custom', path: [], message: `must name at least one of ${matchFields.join(', ')}` })
    }
    for (const [path, value] of entries(match.touchType, ['touchType'])) {
      if (!(touchTypes as readonly string[]).includes(value)) {
        context.addIssue({ code: 'custom', path, message: `must be one of ${touchTypeList}` })
      }
    }
    for (const field of patternFields) {
      for (const [path, pattern] of entries(match[field], [field])) {
        const problem = patternProblem(pattern)
        if (problem !== undefined) context.addIssue({ code: 'custom', path, message: problem })
      }
    }
  })

const behaviourRule = z.strictObject({
  name: text(128),
  points,
  match: touchMatch,
  halfLifeDays: days.optional(),
  cap: points.optional(),
})

const conditions = ['equals', 'in', 'range', 'exists', 'matches'] as const

const fitRule = z
  .strictObject({
    name: text(128),
    points: z
      .number()
      .min(-maxPoints, `must be at least -${maxPoints}`)
      .max(maxPoints, `must be at most ${maxPoints}`),
    subject: z.enum(['person', 'account']),
    attribute: text(128),
    equals: attributeValue.optional(),
    in: z.array(attributeValue).min(1, 'must not be empty').max(1000).optional(),
    range: z
      .strictObject({ min: z.number().optional(), max: z.number().optional() })
      .refine((range) => range.min !== undefined || range.max !== undefined, 'must give min, max or both')
      .refine((range) => !(range.min !== undefined && range.max !== undefined && range.min > range.max), {
        message: 'must not be greater than max',
        path: ['min'],
      })
      .optional(),
    exists: z.boolean().optional(),
    matches: oneOrMany.optional(),
  })
  .superRefine((rule, context) => {
    for (const [path, pattern] of entries(rule.matches, ['matches'])) {
      const problem = patternProblem(pattern)
      if (problem !== undefined) context.addIssue({ code: 'custom', path, message: problem })
    }
  })

export const leadDefinitionSchema = z
  .strictObject({
    id: text(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"'),
    version: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      // Versions are stored as 32-bit integers: a larger one would wrap and overwrite another version.
      .max(maxVersion, `must be at most ${maxVersion}`),
    name: text(256),
    description: storableString.max(4096, 'must be at most 4096 characters').optional(),
    behaviour: z.array(behaviourRule).max(maxRules).default([]),
    fit: z.array(fitRule).max(maxRules).default([]),
    mql: z.strictObject({
      threshold: points,
      requireFit: z.array(text(128)).max(maxRules).optional(),
    }),
    recycle: z.strictObject({ noFollowUpDays: days.optional(), afterRejectionDays: days.optional() }).default({}),
    slaHours: positiveUpTo(maxSlaHours, ' (10 years)').optional(),
  })

/**
 * The checks that span fields: names unique, required fit rules defined, one condition per fit rule. They read the raw
 * document defensively, so they are reported together with every other problem, not only once those are fixed.
 */
function crossFieldProblems(document: unknown): DefinitionError[] {
  const problems: DefinitionError[] = []
  const problem = (path: PropertyKey[], message: string) => problems.push({ path: formatPath(path), message })
  const lists = { behaviour: arrayAt(document, 'behaviour'), fit: arrayAt(document, 'fit') }
  const noRules = (key: string) => {
    const rules = isObject(document) ? document[key] : null
    return rules === undefined || (Array.isArray(rules) && rules.length === 0)
  }
  if (noRules('behaviour') && noRules('fit')) {
    problem(['behaviour'], 'a definition needs at least one rule')
  }
  const seen = new Map<string, string>()
  for (const list of ['behaviour', 'fit'] as const) {
    lists[list].forEach((rule, index) => {
      const name = isObject(rule) ? rule.name : undefined
      if (typeof name !== 'string') return
      const earlier = seen.get(name)
      if (earlier === undefined) seen.set(name, `${list}[${index}]`)
      else problem([list, index, 'name'], `duplicates the name of ${earlier}`)
    })
  }
  lists.fit.forEach((rule, index) => {
    if (!isObject(rule)) return
    const given = conditions.filter((condition) => rule[condition] !== undefined)
    if (given.length === 0) problem(['fit', index], `must have one condition: ${conditions.join(', ')}`)
    for (const extra of given.slice(1)) {
      problem(['fit', index, extra], `a rule has exactly one condition; this one already has ${given[0]}`)
    }
  })
  const fitNames = new Set(lists.fit.map((rule) => (isObject(rule) ? rule.name : undefined)))
  arrayAt(isObject(document) ? document.mql : undefined, 'requireFit').forEach((name, index) => {
    if (typeof name === 'string' && !fitNames.has(name)) {
      problem(['mql', 'requireFit', index], `no fit rule is named '${name}'`)
    }
  })
  // Matching a touch takes time in proportion to the patterns tried (see limits.ts).
  let patternCharacters = 0
  for (const [path, pattern] of patternsOf(lists)) {
    patternCharacters += pattern.length
    if (patternCharacters > maxPatternCharacters) {
      problem(path, `brings the patterns of the definition past ${maxPatternCharacters} characters in all; use fewer or shorter patterns`)
      break
    }
  }
  return problems
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function arrayAt(value: unknown, key: string): unknown[] {
  const found = isObject(value) ? value[key] : undefined
  return Array.isArray(found) ? found : []
}

/** Each text of a one-or-many field with its path: `content` for a single pattern, `content[1]` in a list. */
function entries(value: unknown, path: PropertyKey[]): [path: PropertyKey[], value: string][] {
  if (typeof value === 'string') return [[path, value]]
  if (!Array.isArray(value)) return []
  return value.flatMap((item, index) => (typeof item === 'string' ? [[[...path, index], item]] : []))
}

/** Every pattern of a definition with its path, from the raw document: behaviour matches first, then fit rules. */
function patternsOf(lists: { behaviour: unknown[]; fit: unknown[] }): [path: PropertyKey[], pattern: string][] {
  const matches = lists.behaviour.flatMap((rule, index) => {
    const match = isObject(rule) ? rule.match : undefined
    return patternFields.flatMap((field) => entries(isObject(match) ? match[field] : undefined, ['behaviour', index, 'match', field]))
  })
  const fits = lists.fit.flatMap((rule, index) => entries(isObject(rule) ? rule.matches : undefined, ['fit', index, 'matches']))
  return [...matches, ...fits]
}

/** Messages for zod's own checks that say what a revenue-ops author needs to change. */
function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required'
    const nouns: Record<string, string> = { array: 'a list', object: 'an object', int: 'a whole number' }
    return `must be ${nouns[issue.expected] ?? `a ${issue.expected}`}`
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`
  if (issue.code === 'too_big' && issue.origin === 'array') return `must have at most ${String(issue.maximum)} entries`
  return undefined
}

// --- Locating errors in the text ------------------------------------------------------------------------------------

function parseJson(
  text: string,
  lineCounter: LineCounter,
): { ok: true; value: unknown } | { ok: false; errors: DefinitionError[] } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // V8 says where: "Unexpected token } in JSON at position 42" (newer versions add the line and column).
    const position = /at position (\d+)/.exec(message)
    const cleaned = message.replace(/ in JSON at position \d+.*$/s, '')
    return {
      ok: false,
      errors: [{ path: '', message: cleaned, ...(position ? lineAndColumn(lineCounter, Number(position[1])) : {}) }],
    }
  }
}

/** The line and column of the node at `path`, or of its nearest ancestor that exists (for a missing field). */
function positionOf(document: Document | undefined, lineCounter: LineCounter, path: string): Partial<DefinitionError> {
  if (document === undefined) return {}
  const keys = pathKeys(path)
  for (let length = keys.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(keys.slice(0, length), true)
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0]
    if (offset !== undefined) return lineAndColumn(lineCounter, offset)
  }
  return {}
}

/** `behaviour[2].match.content` -> ['behaviour', 2, 'match', 'content'] (the inverse of formatPath). */
function pathKeys(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) =>
    index === undefined ? (key ?? '') : Number(index),
  )
}

function unresolvedAlias(document: Document): Alias | undefined {
  let found: Alias | undefined
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return undefined
      found = alias
      return visit.BREAK
    },
  })
  return found
}

function syntaxError(error: YAMLError, lineCounter: LineCounter): DefinitionError {
  return { path: '', message: error.message, ...lineAndColumn(lineCounter, error.pos[0]) }
}

/** Errors in the order of the text they point at; Array.sort is stable, so errors at one place keep their order. */
function inTextOrder(a: DefinitionError, b: DefinitionError): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}

function lineAndColumn(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset)
  return { line, column: col }
}
