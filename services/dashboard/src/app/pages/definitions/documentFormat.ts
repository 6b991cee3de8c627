/** A pasted definition is JSON when it is an object, YAML otherwise: the API reads either by its content type. */
export function contentTypeOf(document: string): 'application/json' | 'application/yaml' {
  return document.trimStart().startsWith('{') ? 'application/json' : 'application/yaml'
}

/** `id@version`, as the API names a version in queries. */
export const versionName = (definition: { definitionId: string; version: number }) => `${definition.definitionId}@${definition.version}`

/** The id and version of `id@version`; undefined for anything else. */
export function parseVersionName(name: string | undefined): { definitionId: string; version: number } | undefined {
  const match = name === undefined ? null : /^(.+)@([1-9]\d*)$/.exec(name)
  return match ? { definitionId: match[1] ?? '', version: Number(match[2]) } : undefined
}

/** The lines of the document that the API's errors point at, for marking them in the listing. */
export function erroneousLines(errors: { line?: number }[]): Set<number> {
  return new Set(errors.flatMap((error) => (error.line === undefined ? [] : [error.line])))
}
