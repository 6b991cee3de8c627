import type { Event } from '@attribution/contracts'
import { describe, expect, it } from 'vitest'
import { dealCreated, touch } from '../../testing/testEvents.ts'
import { metadataOf, positionOf, toEventData, toStoredEvent } from './eventRecord.ts'
import { eventUuid } from './eventUuid.ts'
import { recordOf } from '../../testing/kurrentdb/inMemoryKurrentDb.ts'

const position = { commit: 2n ** 62n + 7n, prepare: 2n ** 62n + 3n }

/** An event through the adapter's record, JSON over the wire, and back. */
function roundTrip(event: Event, revision = 4n) {
  const data = toEventData(event, 'append-1')
  return { data, stored: toStoredEvent(recordOf(data, 'attribution-person-p1', revision, position), 'person-p1') }
}

describe('KurrentDB records of events', () => {
  it('Given events with and without source, When written as records and read back, Then each comes back exactly as it was', () => {
    const events: Event[] = [
      touch('t-1', 'p1'),
      touch('t-2', 'p1', { source: 'tracker', occurredAt: '2024-05-01T23:59:59.5-07:00' }),
      dealCreated('d-1', 'd1', 12345.67),
      {
        eventId: 'u-1',
        type: 'person.updated',
        occurredAt: '2024-05-03T00:00:00Z',
        data: { personId: 'p1', attributes: { title: 'CFO "quoted" \\ ünïcødé', employees: 1200.5, active: false } },
      },
    ]

    for (const event of events) {
      const { stored } = roundTrip(event)
      expect(stored.event).toStrictEqual(event)
      expect(Object.keys(stored.event).sort()).toEqual(Object.keys(event).sort())
    }
  })

  it('Given an event, When written as a record, Then the record carries its type, data, derived id and envelope', () => {
    const { data } = roundTrip(touch('t-1', 'p1', { source: 'crm' }))

    expect(data).toMatchObject({
      id: eventUuid('t-1'),
      contentType: 'application/json',
      type: 'touchpoint.recorded',
      data: touch('t-1', 'p1').data,
      metadata: { eventId: 't-1', occurredAt: '2024-05-01T09:30:00Z', source: 'crm', appendId: 'append-1' },
    })
  })

  it('Given a record, When read as a stored event, Then position, stream, version and recording time map over as they are', () => {
    const { stored } = roundTrip(touch('t-1', 'p1'), 4n)

    expect(stored.position).toEqual(position)
    expect(stored.streamId).toBe('person-p1')
    expect(stored.streamVersion).toBe(4)
    expect(new Date(stored.recordedAt).toISOString()).toBe(stored.recordedAt)
  })

  it('Given a record without a log position (a server before 22.6), When read, Then it is refused naming the version needed', () => {
    const record = recordOf(toEventData(touch('t-1', 'p1'), 'a'), 's', 0n, position)

    expect(() => positionOf({ ...record, position: undefined })).toThrow(/22\.6 or later/)
  })

  it('Given a record this adapter did not write, When read from one of the store’s streams, Then it is refused', () => {
    const foreign = recordOf(
      { id: eventUuid('x'), contentType: 'application/json', type: 'touchpoint.recorded', data: {}, metadata: { by: 'someone' } },
      'attribution-person-p1',
      0n,
      position,
    )

    expect(() => metadataOf(foreign)).toThrow(/was not written by the attribution event store/)
  })
})
