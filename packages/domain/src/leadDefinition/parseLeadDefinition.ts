import { refused, type DefinitionFormat, type DefinitionParse } from './definitionError.ts'
import { readDocument } from './readDocument.ts'
import { checkDefinition } from './schema.ts'

/**
 * Reads a lead definition document. Syntax errors carry the line and column of the problem; errors in the content
 * carry the path of the field (`behaviour[2].match.content`) and, where it can be found, its line and column. Every
 * problem is reported, not just the first (up to maxReportedErrors). Whatever the text, it answers, and soon: never
 * an exception.
 */
export function parseLeadDefinition(text: string, format: DefinitionFormat): DefinitionParse {
  const read = readDocument(text, format, (value) => {
    const checked = checkDefinition(value)
    return checked.ok ? { ok: true, value: checked.definition } : checked
  })
  return read.ok ? { ok: true, definition: read.value } : refused(read.errors)
}
