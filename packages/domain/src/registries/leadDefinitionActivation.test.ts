import { describe, expect, it } from 'vitest'
import type { EventOf } from '@attribution/contracts'
import { stateOf } from './decider.ts'
import { given } from '../../testing/givenWhenThen.ts'
import { leadDefinitionActivation, type ActivateLeadDefinition, type DefinitionVersion } from './leadDefinitionActivation.ts'

const fit1 = { definitionId: 'fit', version: 1 }
const fit2 = { definitionId: 'fit', version: 2 }
const intent1 = { definitionId: 'intent', version: 1 }

const activated = (version: DefinitionVersion): EventOf<'lead_definition.activated'> => ({
  eventId: `activation-${version.definitionId}-${version.version}`,
  type: 'lead_definition.activated',
  occurredAt: '2026-02-01T00:00:00.000Z',
  data: version,
})
const activate = (version: DefinitionVersion, replaces: DefinitionVersion | null, replayed = true): ActivateLeadDefinition => ({
  ...version,
  replayed,
  replaces,
  eventId: 'the-request',
  at: '2026-03-01T09:00:00.000Z',
})

describe('activating a lead definition version, decided on the stream of every activation', () => {
  it('Given no activation, When a replayed version is activated, Then it is recorded', () => {
    expect(given(leadDefinitionActivation, []).when(activate(fit1, null))).toEqual({
      ok: true,
      events: [{ eventId: 'the-request', type: 'lead_definition.activated', occurredAt: '2026-03-01T09:00:00.000Z', data: fit1 }],
    })
  })

  it('Given fit@1 active, When intent@1 is activated replacing it, Then intent@1 is recorded', () => {
    expect(given(leadDefinitionActivation, [activated(fit1)]).when(activate(intent1, fit1))).toMatchObject({
      ok: true,
      events: [{ data: intent1 }],
    })
  })

  it('Given fit@1 active, When fit@1 is activated again, Then nothing changes, replayed or not', () => {
    expect(given(leadDefinitionActivation, [activated(fit1)]).when(activate(fit1, null, false))).toEqual({ ok: true, events: [] })
  })

  it('Given fit@1 active, When fit@2 is activated before its replay finished, Then it is refused', () => {
    expect(given(leadDefinitionActivation, [activated(fit1)]).when(activate(fit2, fit1, false))).toEqual({
      ok: false,
      refusal: { kind: 'not replayed', definitionId: 'fit', version: 2 },
    })
  })

  it('Given fit@1 then intent@1 activated, When fit@2 is activated replacing fit@1, Then it is refused: someone else won', () => {
    expect(given(leadDefinitionActivation, [activated(fit1), activated(intent1)]).when(activate(fit2, fit1))).toEqual({
      ok: false,
      refusal: { kind: 'activated meanwhile', active: intent1 },
    })
  })

  it('Given fit@1 then fit@2 activated, When fit@2 is activated replacing fit@1, Then nothing changes: the same choice won', () => {
    expect(given(leadDefinitionActivation, [activated(fit1), activated(fit2)]).when(activate(fit2, fit1))).toEqual({ ok: true, events: [] })
  })

  it('the latest activation is the active one, back and forth', () => {
    expect(stateOf(leadDefinitionActivation, [activated(fit1), activated(intent1), activated(fit1)])).toEqual({ active: fit1 })
    expect(stateOf(leadDefinitionActivation, [])).toEqual({ active: null })
  })
})
