import { EventStoreDBClient } from '@eventstore/db-client'
import { describe, expect, it } from 'vitest'
import { parseKurrentDbUrl } from './connectionString.ts'
import { StreamNames } from './streamNames.ts'

describe('KurrentDB URLs', () => {
  it('Given each scheme, When parsed, Then the client gets the esdb form it understands, settings and credentials kept', () => {
    expect(parseKurrentDbUrl('kurrentdb://127.0.0.1:2113?tls=false')).toEqual({
      connectionString: 'esdb://127.0.0.1:2113?tls=false',
      streamPrefix: undefined,
    })
    expect(parseKurrentDbUrl('KurrentDB+Discover://admin:changeit@cluster.local:2113').connectionString).toBe(
      'esdb+discover://admin:changeit@cluster.local:2113',
    )
    expect(parseKurrentDbUrl('esdb://a:2113,b:2113,c:2113?tls=false&nodePreference=leader').connectionString).toBe(
      'esdb://a:2113,b:2113,c:2113?tls=false&nodePreference=leader',
    )
    expect(parseKurrentDbUrl('esdb+discover://cluster.local').connectionString).toBe('esdb+discover://cluster.local')
  })

  it('Given a streamPrefix setting, When parsed, Then it is taken out for the store and the rest goes to the client', () => {
    expect(parseKurrentDbUrl('kurrentdb://db:2113?tls=false&streamPrefix=acme.attribution-&keepAliveInterval=5000')).toEqual({
      connectionString: 'esdb://db:2113?tls=false&keepAliveInterval=5000',
      streamPrefix: 'acme.attribution-',
    })
    expect(parseKurrentDbUrl('esdb://db?streamPrefix=t1-')).toEqual({ connectionString: 'esdb://db', streamPrefix: 't1-' })
    expect(() => parseKurrentDbUrl('esdb://db?streamPrefix=$all-')).toThrow(/invalid stream prefix/)
  })

  it('Given a URL without a host or with another scheme, When parsed, Then it is refused', () => {
    expect(() => parseKurrentDbUrl('kurrentdb://?tls=false')).toThrow(/names no host/)
    expect(() => parseKurrentDbUrl('kdb://db:2113')).toThrow(/invalid KurrentDB URL/)
  })

  it('Given the connection strings we produce, When handed to @eventstore/db-client, Then it accepts them', async () => {
    for (const url of ['kurrentdb://127.0.0.1:2113?tls=false', 'kurrentdb+discover://u:p@a:2113,b:2113?tls=true&streamPrefix=x-']) {
      // Creating a client parses the string and connects lazily: nothing is sent here.
      const client = EventStoreDBClient.connectionString(parseKurrentDbUrl(url).connectionString)
      await client.dispose()
    }
  })
})

describe('stream names', () => {
  it('Given a prefix, When stream ids are named and names read back, Then only the store’s own names map to stream ids', () => {
    const names = new StreamNames('attribution-')

    expect(names.nameOf('person-p1')).toBe('attribution-person-p1')
    expect(names.streamIdOf('attribution-person-p1')).toBe('person-p1')
    expect(names.streamIdOf('$ce-attribution')).toBeUndefined()
    expect(names.streamIdOf('$$attribution-person-p1')).toBeUndefined()
    expect(names.streamIdOf('orders-1')).toBeUndefined()
    expect(new StreamNames().prefix).toBe('attribution-')
  })

  it('Given prefixes one could start another with, or system-like ones, When used, Then they are refused', () => {
    for (const prefix of ['', '-', 'attribution', 'acme-attribution-', '$attribution-', 'a b-', 'attribution_']) {
      expect(() => new StreamNames(prefix)).toThrow(/invalid stream prefix/)
    }
  })
})
