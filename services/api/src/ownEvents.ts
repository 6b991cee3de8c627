import { validateEvent, type Event, type FieldError } from '@attribution/contracts'
import { badRequest } from './errors.ts'
import type { ApiPorts } from './ports.ts'

/**
 * Appends an event the engine builds from a request (a published or activated lead definition, a saved model) to the
 * registry, after checking it against the contract as the engine's own: the route checked the request, this checks
 * that the stores can hold what it records (a document's length, a version's size). A refusal names the request's
 * fields: `requestPaths` maps each event field (`data.version`) to where the request gave it (`body.version`).
 */
export async function appendOwnEvent(ports: ApiPorts, event: Event, requestPaths: Record<string, string>): Promise<{ appended: number }> {
  const validation = validateEvent(event, { reportingCurrency: ports.reportingCurrency, origin: 'engine' })
  if (!validation.ok) throw badRequest('request', validation.errors.map((error) => inRequest(error, requestPaths)))
  return ports.registry.append([validation.event])
}

function inRequest(error: FieldError, requestPaths: Record<string, string>): FieldError {
  for (const [field, given] of Object.entries(requestPaths)) {
    const rest = error.path.slice(field.length)
    if (error.path.startsWith(field) && (rest === '' || rest.startsWith('.') || rest.startsWith('['))) return { ...error, path: `${given}${rest}` }
  }
  return error
}
