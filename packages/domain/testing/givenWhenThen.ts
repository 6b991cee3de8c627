import type { Event } from '@attribution/contracts'
import { stateOf, type Decider, type Decision } from '../src/index.ts'

/**
 * How a decider's tests read: given these past events of the stream, when this command, then these events or this
 * refusal (`expect(given(decider, history).when(command)).toEqual(...)`).
 */
export function given<Command, State, StreamEvent extends Event, Refusal>(
  decider: Decider<Command, State, StreamEvent, Refusal>,
  history: readonly StreamEvent[],
): { when(command: Command): Decision<StreamEvent, Refusal> } {
  return { when: (command) => decider.decide(command, stateOf(decider, history)) }
}
