import type { LeadDefinition } from './definition.ts'
import { maxDocumentLength, maxReportedErrors } from './limits.ts'

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
 * A refusal with the first maxReportedErrors problems and a count of the rest: a document of garbage has a problem
 * every few characters, and an answer listing all of them helps nobody.
 */
export function refused(errors: DefinitionError[]): DefinitionParse {
  return { ok: false, errors: reportedErrors(errors) }
}

/** The first maxReportedErrors problems of a document and a count of the rest (see refused). */
export function reportedErrors(errors: DefinitionError[]): DefinitionError[] {
  if (errors.length <= maxReportedErrors) return errors
  const rest = errors.length - maxReportedErrors
  const more = { path: '', message: `and ${rest} more problems (only the first ${maxReportedErrors} are listed)` }
  return [...errors.slice(0, maxReportedErrors), more]
}

/** Why a document of this many characters is refused, or undefined when it is short enough. */
export function documentLengthProblem(length: number): DefinitionError | undefined {
  if (length <= maxDocumentLength) return undefined
  return { path: '', message: `is ${length} characters long; a definition may have at most ${maxDocumentLength}` }
}
