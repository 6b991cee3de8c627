import { formatPath } from '@attribution/contracts'
import { documentLengthProblem, reportedErrors, type DefinitionError, type DefinitionFormat } from '../leadDefinition/definitionError.ts'
import { readDocument } from '../leadDefinition/readDocument.ts'
import type { ChannelRules } from './channelRules.ts'
import { checkChannelRules } from './channelRulesSchema.ts'

export type ChannelRulesParse = { ok: true; rules: ChannelRules } | { ok: false; errors: DefinitionError[] }

/**
 * Reads a channel rules document (YAML or JSON), with the errors lead definitions give: syntax errors with their line
 * and column, errors in the content with the field's path (`rules[2].when.utmMedium[1]`) and its line and column.
 */
export function parseChannelRules(text: string, format: DefinitionFormat): ChannelRulesParse {
  const read = readDocument(text, format, checkChannelRules)
  return read.ok ? { ok: true, rules: read.value } : { ok: false, errors: reportedErrors(read.errors) }
}

/**
 * Checks rules already read into a value (a JSON request body). They are stored as their JSON text, indented by 2 as
 * the API writes it, so that text must also fit the length of any document.
 */
export function validateChannelRules(value: unknown): ChannelRulesParse {
  const checked = checkChannelRules(value)
  if (!checked.ok) {
    return { ok: false, errors: reportedErrors(checked.problems.map(({ keys, message }) => ({ path: formatPath(keys), message }))) }
  }
  const tooLong = documentLengthProblem(JSON.stringify(checked.value, null, 2).length)
  return tooLong === undefined ? { ok: true, rules: checked.value } : { ok: false, errors: [tooLong] }
}
