import { describe, expect, it } from 'vitest'
import { planAppend, streamsOfAppend } from './appendPlan.ts'
import { ConcurrencyError } from './eventStore.ts'
import { touch } from '../testing/testEvents.ts'

const empty = { storedEventIds: new Set<string>(), streamVersions: new Map<string, number>() }

describe('planAppend', () => {
  it('Given new and existing streams, When planned, Then versions continue each stream without gaps', () => {
    const plan = planAppend([touch('a', 'p1'), touch('b', 'p2'), touch('c', 'p1')], {
      ...empty,
      streamVersions: new Map([['person-p1', 4]]),
    })

    expect(plan.toStore.map((p) => [p.event.eventId, p.streamId, p.streamVersion])).toEqual([
      ['a', 'person-p1', 5],
      ['b', 'person-p2', 0],
      ['c', 'person-p1', 6],
    ])
    expect(plan.duplicates).toEqual([])
  })

  it('Given ids stored already and ids repeated in the batch, When planned, Then each extra occurrence is a duplicate', () => {
    const plan = planAppend([touch('a', 'p1'), touch('b', 'p1'), touch('a', 'p1'), touch('b', 'p1'), touch('c', 'p1')], {
      ...empty,
      storedEventIds: new Set(['b']),
    })

    expect(plan.toStore.map((p) => [p.event.eventId, p.streamVersion])).toEqual([
      ['a', 0],
      ['c', 1],
    ])
    expect(plan.duplicates).toEqual(['b', 'a', 'b'])
  })

  it('Given an expected version that does not hold, When planned, Then it throws naming the stream and both versions', () => {
    const state = { ...empty, streamVersions: new Map([['person-p1', 2]]) }

    expect(() => planAppend([touch('a', 'p1')], state, { 'person-p1': 1 })).toThrow(
      expect.objectContaining({ streamId: 'person-p1', expected: 1, actual: 2 }),
    )
    expect(() => planAppend([touch('a', 'p2')], state, { 'person-p1': 'no_stream' })).toThrow(ConcurrencyError)
    expect(() => planAppend([touch('a', 'p2')], state, { 'person-p2': 0 })).toThrow(
      expect.objectContaining({ expected: 0, actual: 'no_stream' }),
    )
    expect(planAppend([touch('a', 'p1')], state, { 'person-p1': 2, 'person-p9': 'no_stream' }).toStore).toHaveLength(1)
  })

  it('Given a redelivered batch whose events are all stored, When planned with a stale expected version, Then it reports duplicates', () => {
    const state = { storedEventIds: new Set(['a']), streamVersions: new Map([['person-p1', 0]]) }

    expect(planAppend([touch('a', 'p1')], state, { 'person-p1': 'no_stream' })).toEqual({ toStore: [], duplicates: ['a'] })
  })

  it('Given events and expected versions, When the streams to lock are listed, Then each appears once, sorted', () => {
    expect(streamsOfAppend([touch('a', 'p2'), touch('b', 'p1'), touch('c', 'p2')], { 'person-p0': 3 })).toEqual([
      'person-p0',
      'person-p1',
      'person-p2',
    ])
  })
})
