import type { Event } from '@attribution/contracts'

/**
 * What a command decides: the events to append to its stream, or why it is refused. No events is a decision too: the
 * command asks for what the stream already holds (a version published again with the same document), so nothing is
 * appended and the caller answers as for a repeat.
 */
export type Decision<StreamEvent extends Event, Refusal> = { ok: true; events: StreamEvent[] } | { ok: false; refusal: Refusal }

/**
 * A registry decided on its own stream in the event store, as pure code: `evolve` folds the stream's events into what
 * a decision needs to know, `decide` turns a command and that state into a decision. Whoever runs it reads the stream,
 * folds it, decides and appends with the stream's version as the expected one; when another writer appended in
 * between, the append is refused, and the command is decided again on the stream as it now is.
 */
export interface Decider<Command, State, StreamEvent extends Event, Refusal> {
  /** The event types the stream holds; `stateOf` passes over any other. */
  eventTypes: readonly StreamEvent['type'][]
  initialState(): State
  evolve(state: State, event: StreamEvent): State
  decide(command: Command, state: State): Decision<StreamEvent, Refusal>
}

/** The state a stream's events fold to, oldest first. */
export function stateOf<State, StreamEvent extends Event>(
  decider: Pick<Decider<never, State, StreamEvent, unknown>, 'eventTypes' | 'initialState' | 'evolve'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState()
  for (const event of events) {
    if (isOf(decider.eventTypes, event)) state = decider.evolve(state, event)
  }
  return state
}

function isOf<StreamEvent extends Event>(types: readonly StreamEvent['type'][], event: Event): event is StreamEvent {
  return (types as readonly string[]).includes(event.type)
}
