import type { EventOf } from '@attribution/contracts'
import type { Decider } from './decider.ts'
import { decideActivation } from './versionedDocuments.ts'

type Activated = EventOf<'lead_definition.activated'>

/** A lead definition version by id and number (`id@version`). */
export interface DefinitionVersion {
  definitionId: string
  version: number
}

/** Which version every query uses: the latest activation; null before the first. */
export interface ActiveDefinition {
  active: DefinitionVersion | null
}

/**
 * Make a published version the active one. `replaces` is the version the requester saw active when it asked: an
 * activation decides to replace that version, so if another one was activated in the meantime the decision no longer
 * holds. `replayed`: whether a replay of the version has finished (its lifecycles exist); the replay jobs know it.
 */
export interface ActivateLeadDefinition extends DefinitionVersion {
  replayed: boolean
  replaces: DefinitionVersion | null
  eventId: string
  at: string
}

export type ActivationRefusal =
  /** The version has no lifecycles yet: every query would see an empty funnel. */
  | { kind: 'not replayed'; definitionId: string; version: number }
  /** Another activation came first, of another version: this one was decided on a state that no longer holds. */
  | { kind: 'activated meanwhile'; active: DefinitionVersion | null }

export const sameVersion = (a: DefinitionVersion | null, b: DefinitionVersion | null): boolean =>
  a === b || (a !== null && b !== null && a.definitionId === b.definitionId && a.version === b.version)

/**
 * Activating a lead definition version, decided on the one stream of every activation (`lead-definition-activations`):
 * activation spans definitions, since one version is active at a time. Of two activations decided on the same state,
 * the store appends the first; the second is decided again on the stream as it then is: a repeat when it asked for the
 * same version (no events), refused when it asked for another.
 */
export const leadDefinitionActivation: Decider<ActivateLeadDefinition, ActiveDefinition, Activated, ActivationRefusal> = {
  eventTypes: ['lead_definition.activated'],
  initialState: () => ({ active: null }),
  evolve: (_state, { data: { definitionId, version } }) => ({ active: { definitionId, version } }),
  decide(command, { active }) {
    const { definitionId, version, eventId, at } = command
    return decideActivation(
      active,
      { version: { definitionId, version }, replayed: command.replayed, replaces: command.replaces },
      sameVersion,
      (denied): ActivationRefusal => (denied.kind === 'not replayed' ? { kind: 'not replayed', definitionId, version } : denied),
      () => ({ eventId, type: 'lead_definition.activated', occurredAt: at, data: { definitionId, version } }),
    )
  },
}
