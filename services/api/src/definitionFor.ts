import type { ResolvedDefinition } from '@attribution/read-model'
import { RequestError } from './errors.ts'
import type { ApiPorts } from './ports.ts'

/**
 * The lead definition version an attribution query counts MQLs under: the one named, else the active one. Without
 * either only a model that places credit on the MQL fails (409); the others answer without MQL numbers.
 */
export async function definitionFor(
  ports: ApiPorts,
  requested: string | undefined,
  required: boolean,
): Promise<ResolvedDefinition | undefined> {
  const resolved = await ports.queries.definitionInUse(requested)
  if (resolved || !required) return resolved
  throw new RequestError(409, 'the MQL weight needs a lead definition: activate one, or name one with definition=')
}

/** The part of a resolved definition an answer reports. */
export function reportedDefinition({ definitionId, version, active }: ResolvedDefinition) {
  return { definitionId, version, active }
}
