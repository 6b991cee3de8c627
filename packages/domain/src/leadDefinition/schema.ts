import { formatPath, maxVersion, touchTypes } from '@attribution/contracts'
import { z } from 'zod'
import type { LeadDefinition } from './definition.ts'
import { documentLengthProblem, refused, type DefinitionParse } from './definitionError.ts'
import { patternProblem } from './glob.ts'
import { maxDays, maxPatternCharacters, maxPoints, maxRules, maxSlaHours } from './limits.ts'
import { unstorableCharacter } from './storableText.ts'
import { defaultMessage, entries, isObject, problemsOfIssues, type ValueProblem } from './valueProblems.ts'

export type { ValueProblem }

/**
 * Checks a definition already read into a value (a JSON request body, say). Such a definition is stored as its JSON
 * text, the way the API writes it (indented by 2), so that text must also fit the length of any document.
 */
export function validateLeadDefinition(value: unknown): DefinitionParse {
  const checked = checkDefinition(value)
  if (!checked.ok) return refused(checked.problems.map(({ keys, message }) => ({ path: formatPath(keys), message })))
  const tooLong = documentLengthProblem(JSON.stringify(checked.definition, null, 2).length)
  return tooLong === undefined ? checked : refused([tooLong])
}

/** Checks a definition read into a value: its shape, bounds and the rules between its fields. */
export function checkDefinition(
  value: unknown,
): { ok: true; definition: LeadDefinition } | { ok: false; problems: ValueProblem[] } {
  const result = leadDefinitionSchema.safeParse(value, { error: defaultMessage })
  const problems = crossFieldProblems(value)
  if (result.success && problems.length === 0) {
    // The cast adds what the checks above ensured and zod's types cannot say: one condition per fit rule.
    return { ok: true, definition: result.data as LeadDefinition }
  }
  return { ok: false, problems: [...problemsOfIssues(result.error?.issues ?? []), ...problems] }
}

// --- The schema -----------------------------------------------------------------------------------------------------

/** Every text of a definition is stored with it (see storableText.ts). */
const storableString = z.string().superRefine((value, context) => {
  const unstorable = unstorableCharacter(value)
  if (unstorable !== undefined) context.addIssue({ code: 'custom', message: unstorable.message })
})
/** A text of a versioned document (lead definitions, channel rules): storable, bounded, without surrounding spaces. */
export const documentText = (max: number) =>
  storableString
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => value === value.trim(), 'must not start or end with whitespace')
/** The id of a versioned document, as URLs and streams name it. */
export const documentId = documentText(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"')
export const documentVersion = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  // Versions are stored as 32-bit integers: a larger one would wrap and overwrite another version.
  .max(maxVersion, `must be at most ${maxVersion}`)
// zod 4 numbers are finite: YAML's .inf and .nan are refused as "must be a number".
const positiveUpTo = (max: number, unit = '') => z.number().gt(0, 'must be greater than 0').max(max, `must be at most ${max}${unit}`)
const points = positiveUpTo(maxPoints)
/** A number of days that derives a time from another (a deadline, an age): see limits.ts. */
const days = positiveUpTo(maxDays, ' (10 years)')
const attributeValue = z.union([storableString.max(1024, 'must be at most 1024 characters'), z.number(), z.boolean()], {
  error: 'must be a text, a number or true/false',
})
// Each entry is a touch type or a pattern, each checked in full below (a pattern must be storable text, too).
export const oneOrMany = z.union([z.string(), z.array(z.string()).min(1, 'must not be empty').max(100)], {
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
  name: documentText(128),
  points,
  match: touchMatch,
  halfLifeDays: days.optional(),
  cap: points.optional(),
})

const conditions = ['equals', 'in', 'range', 'exists', 'matches'] as const

const fitRule = z
  .strictObject({
    name: documentText(128),
    points: z
      .number()
      .min(-maxPoints, `must be at least -${maxPoints}`)
      .max(maxPoints, `must be at most ${maxPoints}`),
    subject: z.enum(['person', 'account']),
    attribute: documentText(128),
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
    id: documentId,
    version: documentVersion,
    name: documentText(256),
    description: storableString.max(4096, 'must be at most 4096 characters').optional(),
    behaviour: z.array(behaviourRule).max(maxRules).default([]),
    fit: z.array(fitRule).max(maxRules).default([]),
    mql: z.strictObject({
      threshold: points,
      requireFit: z.array(documentText(128)).max(maxRules).optional(),
    }),
    recycle: z.strictObject({ noFollowUpDays: days.optional(), afterRejectionDays: days.optional() }).default({}),
    slaHours: positiveUpTo(maxSlaHours, ' (10 years)').optional(),
  })

/**
 * The checks that span fields: names unique, required fit rules defined, one condition per fit rule. They read the raw
 * document defensively, so they are reported together with every other problem, not only once those are fixed.
 */
function crossFieldProblems(document: unknown): ValueProblem[] {
  const problems: ValueProblem[] = []
  const problem = (keys: PropertyKey[], message: string) => problems.push({ keys, message })
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

function arrayAt(value: unknown, key: string): unknown[] {
  const found = isObject(value) ? value[key] : undefined
  return Array.isArray(found) ? found : []
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
