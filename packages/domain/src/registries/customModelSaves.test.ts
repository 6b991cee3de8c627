import { describe, expect, it } from 'vitest'
import type { EventOf } from '@attribution/contracts'
import { customModelSaves, type SaveCustomModel } from './customModelSaves.ts'
import { stateOf } from './decider.ts'
import { given } from '../../testing/givenWhenThen.ts'

const saved = (weights: Record<string, number>): EventOf<'attribution_model.saved'> => ({
  eventId: `save-${JSON.stringify(weights)}`,
  type: 'attribution_model.saved',
  occurredAt: '2026-02-01T00:00:00.000Z',
  data: { name: 'ours', weights },
})
const save = (weights: Record<string, number>, ifRevision?: number): SaveCustomModel => ({
  name: 'ours',
  weights,
  ...(ifRevision === undefined ? {} : { ifRevision }),
  eventId: 'the-request',
  at: '2026-03-01T09:00:00.000Z',
})
const recorded = (weights: Record<string, number>) => ({
  ok: true,
  events: [{ eventId: 'the-request', type: 'attribution_model.saved', occurredAt: '2026-03-01T09:00:00.000Z', data: { name: 'ours', weights } }],
})

describe('saving a custom model, decided on its stream', () => {
  it('Given no save, When weights are saved, Then they are recorded', () => {
    expect(given(customModelSaves, []).when(save({ FT: 100 }))).toEqual(recorded({ FT: 100 }))
  })

  it('Given two saves, When weights are saved without a revision, Then they are recorded after them: the latest wins', () => {
    expect(given(customModelSaves, [saved({ FT: 100 }), saved({ LC: 100 })]).when(save({ OC: 100 }))).toEqual(recorded({ OC: 100 }))
  })

  it('Given a save, When the same weights are saved again, Then the save is recorded too: each save is a fact', () => {
    expect(given(customModelSaves, [saved({ FT: 100 })]).when(save({ FT: 100 }))).toEqual(recorded({ FT: 100 }))
  })

  it('Given two saves (revisions 0 and 1), When weights are saved if the model is at revision 1, Then they are recorded', () => {
    expect(given(customModelSaves, [saved({ FT: 100 }), saved({ LC: 100 })]).when(save({ OC: 100 }, 1))).toEqual(recorded({ OC: 100 }))
  })

  it('Given two saves, When weights are saved if the model is still at revision 0, Then it is refused with where it is', () => {
    expect(given(customModelSaves, [saved({ FT: 100 }), saved({ LC: 100 })]).when(save({ OC: 100 }, 0))).toEqual({
      ok: false,
      refusal: { kind: 'revision moved', name: 'ours', expected: 0, revision: 1 },
    })
  })

  it('Given no save, When weights are saved if the model is at revision 0, Then it is refused: there is none yet', () => {
    expect(given(customModelSaves, []).when(save({ FT: 100 }, 0))).toMatchObject({ ok: false, refusal: { revision: null } })
  })

  it('counts revisions as the stream numbers its events, from 0', () => {
    expect(stateOf(customModelSaves, [])).toEqual({ revision: null })
    expect(stateOf(customModelSaves, [saved({ FT: 100 }), saved({ FT: 100 }), saved({ LC: 100 })])).toEqual({ revision: 2 })
  })
})
