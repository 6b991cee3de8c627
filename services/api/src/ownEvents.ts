import { validateEvent, type Event, type FieldError } from '@attribution/contracts'
import { stateOf, type Decider } from '@attribution/domain'
import { ConcurrencyError } from '@attribution/event-store'
import { badRequest, RequestError } from './errors.ts'
import type { ApiPorts } from './ports.ts'

export type StreamDecision<State, StreamEvent, Refusal> =
  /** `appended`: what was appended (none: the stream held it already); `state`: the stream's state with it. */
  | { ok: true; appended: StreamEvent[]; state: State }
  | { ok: false; refusal: Refusal; state: State }

export interface OwnCommand<Command, State, StreamEvent extends Event, Refusal> {
  streamId: string
  decider: Decider<Command, State, StreamEvent, Refusal>
  /**
   * The command, made once from the state the request first saw: an activation names the version it replaces, so a
   * decision taken again after another writer came first knows what the request was made on.
   */
  command: (seen: State) => Command
  /** Where the request gave each field of the events (`data.version` -> `body.version`), to name it in a refusal. */
  requestPaths: Record<string, string>
}

/** Decisions lost to other writers in a row before the request gives up: only under a storm of writes to one stream. */
const maxAttempts = 10

/**
 * Decides one of the engine's own commands (publish or activate a lead definition, save a custom model) on its stream
 * in the event store, never on the read model, which may lag: reads the stream, folds it, decides, and appends what was
 * decided with the stream's version as the expected one. When another writer appended first, the store refuses the
 * append (or reports the event as stored already) and the command is decided again on the stream as it now is.
 */
export async function decideOnStream<Command, State, StreamEvent extends Event, Refusal>(
  ports: ApiPorts,
  { streamId, decider, command: commandFor, requestPaths }: OwnCommand<Command, State, StreamEvent, Refusal>,
): Promise<StreamDecision<State, StreamEvent, Refusal>> {
  let command: Command | undefined
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const stream = await ports.registry.readStream(streamId)
    const state = stateOf(decider, stream.map(({ event }) => event))
    command ??= commandFor(state)
    const decision = decider.decide(command, state)
    if (!decision.ok) return { ok: false, refusal: decision.refusal, state }
    if (decision.events.length === 0) return { ok: true, appended: [], state }
    const events = decision.events.map((event) => checkedOwnEvent(ports, event, requestPaths))
    try {
      const stored = await ports.registry.append(events, { expectedVersions: { [streamId]: stream.at(-1)?.streamVersion ?? 'no_stream' } })
      if (stored.appended === events.length) return { ok: true, appended: decision.events, state: decision.events.reduce(decider.evolve, state) }
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error
    }
  }
  throw new RequestError(503, `${streamId} changed under every one of ${maxAttempts} attempts to decide on it; try again`)
}

/**
 * An event the engine builds from a request, checked against the contract as the engine's own: the route checked the
 * request, this checks that the stores can hold what it records (a document's length, a version's size). A refusal
 * names the request's fields.
 */
function checkedOwnEvent(ports: ApiPorts, event: Event, requestPaths: Record<string, string>): Event {
  const validation = validateEvent(event, { reportingCurrency: ports.reportingCurrency, origin: 'engine' })
  if (!validation.ok) throw badRequest('request', validation.errors.map((error) => inRequest(error, requestPaths)))
  return validation.event
}

function inRequest(error: FieldError, requestPaths: Record<string, string>): FieldError {
  for (const [field, given] of Object.entries(requestPaths)) {
    const rest = error.path.slice(field.length)
    if (error.path.startsWith(field) && (rest === '' || rest.startsWith('.') || rest.startsWith('['))) return { ...error, path: `${given}${rest}` }
  }
  return error
}
