import type { EventOf } from '@attribution/contracts'
import type { Decider } from './decider.ts'

type Saved = EventOf<'attribution_model.saved'>

/** Where a custom model's saves stand: the latest save's place in the model's stream (0 for the first), null before any. */
export interface SavedModel {
  revision: number | null
}

/**
 * Save `weights` under `name`. `ifRevision`: save only if the model's latest save is still that one, so that two
 * people editing the same model cannot overwrite each other unknowingly; without it, the latest save wins.
 */
export interface SaveCustomModel {
  name: string
  weights: Saved['data']['weights']
  ifRevision?: number
  eventId: string
  at: string
}

/** The model was saved again since the revision the request was made on. */
export interface RevisionMoved {
  kind: 'revision moved'
  name: string
  expected: number
  revision: number | null
}

/**
 * Saving a custom model, decided on the model's own stream (`attribution-model-{name}`). Every save is recorded, the
 * same weights again included (a save is a fact: who chose these weights when), each at the next revision. Of two
 * saves decided on the same revision, the store appends the first; the second is decided again on the stream as it
 * then is, and recorded after it (its weights hold from then on), unless it named the revision it must replace.
 */
export const customModelSaves: Decider<SaveCustomModel, SavedModel, Saved, RevisionMoved> = {
  eventTypes: ['attribution_model.saved'],
  initialState: () => ({ revision: null }),
  evolve: (state) => ({ revision: (state.revision ?? -1) + 1 }),
  decide({ name, weights, ifRevision, eventId, at }, state) {
    if (ifRevision !== undefined && ifRevision !== state.revision) {
      return { ok: false, refusal: { kind: 'revision moved', name, expected: ifRevision, revision: state.revision } }
    }
    return { ok: true, events: [{ eventId, type: 'attribution_model.saved', occurredAt: at, data: { name, weights } }] }
  },
}
