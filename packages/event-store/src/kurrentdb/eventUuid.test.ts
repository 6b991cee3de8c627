import { describe, expect, it } from 'vitest'
import { eventUuid, uuidV5 } from './eventUuid.ts'

describe('event UUIDs', () => {
  it('Given the RFC namespace test vector, When a version 5 UUID is derived, Then it matches other implementations', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d')
  })

  it('Given an event id, When its UUID is derived twice, Then it is the same version 5 UUID, fixed for good', () => {
    expect(eventUuid('touch-1')).toBe(eventUuid('touch-1'))
    // Pinned: a change here would give stored events other ids than their re-sent copies (Python's uuid5 agrees).
    expect(eventUuid('touch-1')).toBe('f423e92c-4bb7-5aea-b56c-01ea20999e1b')
    expect(eventUuid('ünïcødé-é')).toBe('78939813-b74b-5daa-be10-5e5e4ca3758c')
    expect(eventUuid('touch-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('Given many different event ids, When their UUIDs are derived, Then no two are the same', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `event-${i}`)
    const near = ['a', 'A', 'a ', ' a', 'ab', 'ba', '']

    expect(new Set([...ids, ...near].map(eventUuid)).size).toBe(ids.length + near.length)
  })

  it('Given a namespace that is not a UUID, When used, Then it is refused', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/invalid UUID namespace/)
  })
})
