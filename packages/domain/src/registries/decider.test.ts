import { describe, expect, it } from 'vitest'
import type { Event } from '@attribution/contracts'
import { stateOf } from './decider.ts'
import { customModelSaves } from './customModelSaves.ts'

describe('stateOf', () => {
  it('folds only the event types the decider handles, whatever else a stream holds', () => {
    const other: Event = { eventId: 'x', type: 'lead_definition.activated', occurredAt: '2026-01-01T00:00:00.000Z', data: { definitionId: 'd', version: 1 } }
    const save: Event = { eventId: 's', type: 'attribution_model.saved', occurredAt: '2026-01-01T00:00:00.000Z', data: { name: 'm', weights: { FT: 100 } } }
    expect(stateOf(customModelSaves, [other, save, other])).toEqual({ revision: 0 })
  })
})
