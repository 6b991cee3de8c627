import { formatPath } from '@attribution/contracts'
import { documentLengthProblem, type DefinitionError, type DefinitionFormat } from './definitionError.ts'
import { unstorableCharacter } from './storableText.ts'
import type { ValueProblem } from './valueProblems.ts'
import { composeYaml, locator, valueOf } from './yamlDocument.ts'

/**
 * Reading a document the engine keeps in versions (a lead definition, a set of channel rules) from YAML or JSON text
 * and checking its value. Every kind of document reads the same way, so its authors get the same errors: syntax errors
 * with their line and column, errors in the content with the path of the field (`rules[2].when.utmMedium`) and, where
 * it can be found, its line and column. Whatever the text, it answers, and soon: never an exception.
 */


/** What checks a document's value: the typed document, or every problem with it. */
export type CheckValue<T> = (value: unknown) => { ok: true; value: T } | { ok: false; problems: ValueProblem[] }

/** A document read into a value, with what locates a path of it in the text; or why it cannot be read. */
type Read =
  | { ok: true; value: unknown; locate: (keys: readonly PropertyKey[]) => { line?: number; column?: number } }
  | { ok: false; errors: DefinitionError[] }

/** The checked value of a document, or its problems in the order of the text (not yet cut to maxReportedErrors). */
export function readDocument<T>(
  text: string,
  format: DefinitionFormat,
  check: CheckValue<T>,
): { ok: true; value: T } | { ok: false; errors: DefinitionError[] } {
  // Before parsing: how long parsing takes grows with the length, and the text is stored as it is.
  const problem = documentLengthProblem(text.length) ?? unstorableProblem(text)
  if (problem !== undefined) return { ok: false, errors: [problem] }
  const read = format === 'json' ? readJson(text) : readYaml(text)
  if (!read.ok) return read
  const checked = check(read.value)
  if (checked.ok) return checked
  const located = checked.problems.map(({ keys, message }) => ({ path: formatPath(keys), message, ...read.locate(keys) }))
  return { ok: false, errors: located.sort(inTextOrder) }
}

/** YAML: syntax errors come first and alone, since nothing else can be checked until the text reads. */
function readYaml(text: string): Read {
  const composed = composeYaml(text)
  if (!composed.ok) return composed
  const { yaml } = composed
  const syntaxErrors = [...yaml.syntaxErrors, ...yaml.duplicateKeys].sort(inTextOrder)
  if (syntaxErrors.length > 0) return { ok: false, errors: syntaxErrors }
  const value = valueOf(yaml)
  return value.ok ? { ok: true, value: value.value, locate: locator(yaml) } : value
}

/** JSON: read by JSON.parse, located by the YAML tree of the same text (unless it does not read as YAML). */
function readJson(text: string): Read {
  const composed = composeYaml(text)
  if (!composed.ok) return composed
  const { yaml } = composed
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // V8 says where: "Unexpected token } in JSON at position 42" (newer versions add the line and column).
    const position = /at position (\d+)/.exec(message)
    const cleaned = message.replace(/ in JSON at position \d+.*$/s, '')
    return { ok: false, errors: [{ path: '', message: cleaned, ...(position ? positionAt(text, Number(position[1])) : {}) }] }
  }
  // JSON.parse lets the last of two equal keys win silently; a document must say one thing.
  if (yaml.duplicateKeys.length > 0) return { ok: false, errors: yaml.duplicateKeys }
  return { ok: true, value, locate: yaml.syntaxErrors.length === 0 ? locator(yaml) : () => ({}) }
}

/** A character no store can hold, with where it is: it may be anywhere, in a comment too. */
function unstorableProblem(text: string): DefinitionError | undefined {
  const unstorable = unstorableCharacter(text)
  return unstorable === undefined ? undefined : { path: '', message: unstorable.message, ...positionAt(text, unstorable.index) }
}

/** The 1-based line and column of the character at `index`, lines ending at line feeds as YAML's do. */
function positionAt(text: string, index: number): { line: number; column: number } {
  let line = 1
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < index; newline = text.indexOf('\n', newline + 1)) line++
  return { line, column: index - text.lastIndexOf('\n', index - 1) }
}

/** Errors in the order of the text they point at; Array.sort is stable, so errors at one place keep their order. */
function inTextOrder(a: DefinitionError, b: DefinitionError): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
}
