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
    expect(parseEventStoreUrl('kurrentdb://127.0.0.1:2113?tls=false')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'esdb://127.0.0.1:2113?tls=false',
      streamPrefix: undefined,
    })
    expect(parseEventStoreUrl(' esdb://kurrentdb:2113?tls=false ')).toMatchObject({
      kind: 'kurrentdb',
      connectionString: 'esdb://kurrentdb:2113?tls=false',
    })
    expect(parseEventStoreUrl('esdb+discover://admin:changeit@cluster:2113?streamPrefix=crm-')).toEqual({
      kind: 'kurrentdb',
      connectionString: 'esdb+discover://admin:changeit@cluster:2113',
      streamPrefix: 'crm-',
    })
    expect(parseEventStoreUrl('kurrentdb+discover://cluster')).toMatchObject({ connectionString: 'esdb+discover://cluster' })
  })

  it('Given an unknown scheme or a pglite URL without a directory, When parsed, Then it is refused with the accepted forms', () => {
    expect(() => parseEventStoreUrl('mysql://localhost:3306/x')).toThrow(/unsupported event store URL.*kurrentdb:\/\//)
    expect(() => parseEventStoreUrl('pglite://host/dir')).toThrow(/absolute directory/)
    expect(() => parseEventStoreUrl('pglite:///')).toThrow(/absolute directory/)
    expect(() => parseEventStoreUrl('  ')).toThrow(/empty event store URL/)
  })
})
