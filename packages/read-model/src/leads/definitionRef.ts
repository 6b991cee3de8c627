/** A definition version by id and number, as `id@version`. */
export interface DefinitionRef {
  definitionId: string
  version: number
}
