import { touchTypes } from '@attribution/contracts'
import { z } from 'zod'
import { patternProblem } from '../leadDefinition/glob.ts'
import { maxPatternCharacters, maxRules } from '../leadDefinition/limits.ts'
import { documentId, documentText, documentVersion, oneOrMany } from '../leadDefinition/schema.ts'
import { defaultMessage, entries, isObject, problemsOfIssues, type ValueProblem } from '../leadDefinition/valueProblems.ts'
import { campaignTemplateProblem } from './campaignTemplate.ts'
import { patternConditions, referrerKinds, type ChannelRules } from './channelRules.ts'

/** The shipped rule sets a document may extend. */
export const shippedRuleSets = ['default'] as const

const conditionNames = [...patternConditions, 'touchType', 'hasUtm', 'referrer'] as const
const touchTypeList = touchTypes.join(', ')
const referrerList = referrerKinds.join(', ')

const conditions = z
  .strictObject(
    {
      ...Object.fromEntries(patternConditions.map((name) => [name, oneOrMany])),
      touchType: oneOrMany,
      hasUtm: z.boolean(),
      referrer: oneOrMany,
    } as unknown as Record<(typeof conditionNames)[number], typeof oneOrMany>,
    { error: 'must be an object' },
  )
  .partial()
  .superRefine((when, context) => {
    if (conditionNames.every((name) => when[name] === undefined)) {
      context.addIssue({ code: 'custom', path: [], message: `must name at least one of ${conditionNames.join(', ')}` })
    }
    for (const name of patternConditions) {
      for (const [path, pattern] of entries(when[name], [name])) {
        const problem = patternProblem(pattern)
        if (problem !== undefined) context.addIssue({ code: 'custom', path, message: problem })
      }
    }
    for (const [path, value] of entries(when.touchType, ['touchType'])) {
      if (!(touchTypes as readonly string[]).includes(value)) context.addIssue({ code: 'custom', path, message: `must be one of ${touchTypeList}` })
    }
    for (const [path, value] of entries(when.referrer, ['referrer'])) {
      if (!(referrerKinds as readonly string[]).includes(value)) context.addIssue({ code: 'custom', path, message: `must be one of ${referrerList}` })
    }
  })

const rule = z.strictObject({
  // A channel is a label as touches carry it (the contract's bound), and a column value in every answer.
  channel: documentText(256),
  campaign: documentText(256)
    .superRefine((template, context) => {
      const problem = campaignTemplateProblem(template)
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem })
    })
    .optional(),
  when: conditions,
})

const channelRulesSchema = z.strictObject({
  id: documentId,
  version: documentVersion,
  extends: z.enum(shippedRuleSets, { error: `must name shipped rules: ${shippedRuleSets.join(', ')}` }).optional(),
  rules: z.array(rule).min(1, 'must list at least one rule').max(maxRules, `must have at most ${maxRules} entries`),
})

/** Checks a set of channel rules read into a value: its shape, its patterns and placeholders, and their bounds. */
export function checkChannelRules(value: unknown): { ok: true; value: ChannelRules } | { ok: false; problems: ValueProblem[] } {
  const result = channelRulesSchema.safeParse(value, { error: defaultMessage })
  const problems = patternBudgetProblems(value)
  if (result.success && problems.length === 0) return { ok: true, value: result.data as ChannelRules }
  return { ok: false, problems: [...problemsOfIssues(result.error?.issues ?? []), ...problems] }
}

/** Classifying a touch takes time in proportion to the patterns tried, as matching one does for a lead definition. */
function patternBudgetProblems(document: unknown): ValueProblem[] {
  const rules = isObject(document) && Array.isArray(document.rules) ? document.rules : []
  let characters = 0
  for (const [index, item] of rules.entries()) {
    const when = isObject(item) && isObject(item.when) ? item.when : {}
    for (const name of patternConditions) {
      for (const [path, pattern] of entries(when[name], ['rules', index, 'when', name])) {
        characters += pattern.length
        if (characters > maxPatternCharacters) {
          return [{ keys: path, message: `brings the patterns of the rules past ${maxPatternCharacters} characters in all; use fewer or shorter patterns` }]
        }
      }
    }
  }
  return []
}
