import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEventStoreUrl } from './eventStoreUrl.ts'

describe('parseEventStoreUrl', () => {
  it('Given each accepted form, When parsed, Then it names the adapter and where the data lives', () => {
    expect(parseEventStoreUrl('memory:')).toEqual({ kind: 'pglite', dataDir: undefined })
    expect(parseEventStoreUrl('pglite:///var/lib/attribution/events')).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/attribution/events',
    })
    expect(parseEventStoreUrl('pglite:///tmp/with%20space')).toEqual({ kind: 'pglite', dataDir: '/tmp/with space' })
    expect(parseEventStoreUrl('.data/event-store')).toEqual({ kind: 'pglite', dataDir: path.resolve('.data/event-store') })
    expect(parseEventStoreUrl('postgres://u@db:5432/x')).toEqual({ kind: 'postgres', connectionString: 'postgres://u@db:5432/x' })
    expect(parseEventStoreUrl('postgresql://db/x')).toEqual({ kind: 'postgres', connectionString: 'postgresql://db/x' })
  })

  it('Given an unknown scheme or a pglite URL without a directory, When parsed, Then it is refused with the accepted forms', () => {
    expect(() => parseEventStoreUrl('esdb://localhost:2113')).toThrow(/unsupported event store URL/)
    expect(() => parseEventStoreUrl('pglite://host/dir')).toThrow(/absolute directory/)
    expect(() => parseEventStoreUrl('pglite:///')).toThrow(/absolute directory/)
    expect(() => parseEventStoreUrl('  ')).toThrow(/empty event store URL/)
  })
})
