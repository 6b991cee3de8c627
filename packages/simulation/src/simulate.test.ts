import { type Event, type EventOf, type EventType, validateEvent } from '@attribution/contracts'
import { describe, expect, it } from 'vitest'
import { estimateEvents, simulate } from './simulate.ts'

const history = [...simulate({ accounts: 300 })]
// Rates are checked on a larger run so they measure the model, not the luck of a few dozen deals.
const large = [...simulate({ accounts: 1_000 })]

function ofType<T extends EventType>(events: readonly Event[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type)
}

describe('simulate', () => {
  it('Given a 300-account run, When each event is sent over the wire, Then every one passes the contract', () => {
    const failures = history
      .map((event) => validateEvent(JSON.parse(JSON.stringify(event)), { reportingCurrency: 'USD' }))
      .filter((result) => !result.ok)

    expect(failures).toEqual([])
    expect(history.length).toBeGreaterThan(5_000)
  })

  it('Given the same options, When simulated twice, Then the events are byte-identical; another seed differs', () => {
    const again = JSON.stringify([...simulate({ accounts: 300 })])
    const otherSeed = JSON.stringify([...simulate({ accounts: 300, seed: 7 })])

    expect(again).toBe(JSON.stringify(history))
    expect(otherSeed).not.toBe(again)
  })

  it('Given one result, When it is iterated twice, Then both passes yield the same events', () => {
    const run = simulate({ accounts: 20, seed: 3 })

    expect(JSON.stringify([...run])).toBe(JSON.stringify([...run]))
  })

  it('Given a run, When event ids are collected, Then none repeats', () => {
    expect(new Set(history.map(({ eventId }) => eventId)).size).toBe(history.length)
  })

  it('Given the default window, When events are emitted, Then each account runs in time order inside 2025-04-01..2026-09-30', () => {
    const lastTimeByBatch = new Map<string, string>()
    for (const event of history) {
      expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      expect(event.occurredAt >= '2025-04-01T00:00:00Z' && event.occurredAt < '2026-10-01T00:00:00Z').toBe(true)
      const batch = event.eventId.slice(0, event.eventId.lastIndexOf('-'))
      expect(event.occurredAt >= (lastTimeByBatch.get(batch) ?? '')).toBe(true)
      lastTimeByBatch.set(batch, event.occurredAt)
    }
  })

  it('Given a custom window and currency, When simulated, Then every event falls inside it and amounts use the currency', () => {
    const start = new Date('2024-01-01T00:00:00Z')
    const end = new Date('2024-07-01T00:00:00Z')
    const events = [...simulate({ accounts: 40, start, end, currency: 'EUR' })]

    expect(events.every(({ occurredAt }) => occurredAt >= '2024-01-01T00:00:00Z' && occurredAt < '2024-07-01T00:00:00Z')).toBe(true)
    expect(events.every((event) => validateEvent(event, { reportingCurrency: 'EUR' }).ok)).toBe(true)
  })

  it('Given invalid options, When simulate is called, Then it refuses them at once', () => {
    expect(() => simulate({ accounts: -1 })).toThrow(RangeError)
    expect(() => simulate({ seed: 1.5 })).toThrow(RangeError)
    expect(() => simulate({ currency: 'usd' })).toThrow(RangeError)
    expect(() => simulate({ start: new Date('2026-01-01'), end: new Date('2025-01-01') })).toThrow(RangeError)
  })
})

describe('the simulated campaigns', () => {
  it('Given 300 accounts, When campaigns are emitted, Then there are 300 across all ten channels and only paid ones cost money', () => {
    const campaigns = ofType(history, 'campaign.updated')
    const paid = new Set(campaigns.filter(({ data }) => data.attributes?.paid === true).map(({ data }) => data.campaignId))

    expect(campaigns).toHaveLength(300)
    expect(new Set(campaigns.map(({ data }) => data.channel)).size).toBe(10)
    expect(ofType(history, 'campaign.cost.recorded').every(({ data }) => paid.has(data.campaignId))).toBe(true)
  })

  it('Given the history, When touches are checked, Then each names a campaign announced earlier on its own channel', () => {
    const channelOf = new Map<string, string | undefined>()
    for (const event of history) {
      if (event.type === 'campaign.updated') channelOf.set(event.data.campaignId, event.data.channel)
      if (event.type === 'touchpoint.recorded') expect(channelOf.get(event.data.campaignId)).toBe(event.data.channel)
    }
  })
})

describe('the simulated people and touches', () => {
  it('Given the history, When touches before each form fill are counted, Then most of them are anonymous', () => {
    const personOfCookie = new Map(ofType(history, 'identity.linked').map(({ data }) => [data.anonymousId, data.personId]))
    const firstFormFill = new Map<string, string>()
    for (const { data, occurredAt } of ofType(history, 'touchpoint.recorded')) {
      if (data.touchType === 'form_fill' && data.personId !== undefined && !firstFormFill.has(data.personId)) firstFormFill.set(data.personId, occurredAt)
    }
    let anonymous = 0
    let identified = 0
    for (const { data, occurredAt } of ofType(history, 'touchpoint.recorded')) {
      const personId = data.personId ?? personOfCookie.get(data.anonymousId ?? '')
      const formFillAt = firstFormFill.get(personId ?? '')
      if (formFillAt === undefined || occurredAt >= formFillAt) continue
      if (data.personId === undefined) anonymous++
      else identified++
    }

    expect(anonymous / (anonymous + identified)).toBeGreaterThan(0.8)
  })

  it('Given the history, When identity links are checked, Then each cookie was seen on earlier touches and names one person', () => {
    const seenCookies = new Set<string>()
    const personOfCookie = new Map<string, string>()
    for (const event of history) {
      if (event.type === 'touchpoint.recorded' && event.data.anonymousId !== undefined) seenCookies.add(event.data.anonymousId)
      if (event.type === 'identity.linked') {
        expect(seenCookies.has(event.data.anonymousId)).toBe(true)
        expect(personOfCookie.get(event.data.anonymousId) ?? event.data.personId).toBe(event.data.personId)
        personOfCookie.set(event.data.anonymousId, event.data.personId)
      }
    }
    expect(personOfCookie.size).toBeGreaterThan(100)
  })

  it('Given the history, When person references are checked, Then touches, leads and deals only name persons emitted earlier', () => {
    const persons = new Set<string>()
    for (const event of history) {
      if (event.type === 'person.updated') persons.add(event.data.personId)
      if (event.type === 'touchpoint.recorded' && event.data.personId !== undefined) expect(persons.has(event.data.personId)).toBe(true)
      if (event.type.startsWith('lead.') || event.type === 'sales.activity.logged') {
        expect(persons.has((event.data as { personId: string }).personId)).toBe(true)
      }
      if (event.type === 'deal.created') {
        expect(event.data.contactIds?.length).toBeGreaterThan(0)
        for (const contactId of event.data.contactIds ?? []) expect(persons.has(contactId)).toBe(true)
      }
    }
  })

  it("Given each deal, When its contacts' touches are counted, Then each had 2 to 15 touches before the deal and none after it closed", () => {
    const personOfCookie = new Map(ofType(large, 'identity.linked').map(({ data }) => [data.anonymousId, data.personId]))
    const touchTimes = new Map<string, string[]>()
    for (const { data, occurredAt } of ofType(large, 'touchpoint.recorded')) {
      const personId = data.personId ?? personOfCookie.get(data.anonymousId ?? '')
      if (personId !== undefined) touchTimes.set(personId, [...(touchTimes.get(personId) ?? []), occurredAt])
    }
    const closedAt = new Map([...ofType(large, 'deal.won'), ...ofType(large, 'deal.lost')].map(({ data, occurredAt }) => [data.dealId, occurredAt]))
    for (const { data, occurredAt } of ofType(large, 'deal.created')) {
      for (const contactId of data.contactIds ?? []) {
        const times = touchTimes.get(contactId) ?? []
        const before = times.filter((time) => time < occurredAt).length

        expect(before).toBeGreaterThanOrEqual(2)
        expect(before).toBeLessThanOrEqual(15)
        expect(times.every((time) => time < (closedAt.get(data.dealId) ?? '9999'))).toBe(true)
      }
    }
  })
})

describe('the simulated handoffs and deals', () => {
  it('Given handed-off leads, When outcomes are counted, Then 35-65% are accepted, the rest rejected with reasons or never followed up', () => {
    const handedOff = ofType(large, 'lead.handed_off').length
    const accepted = ofType(large, 'lead.accepted').length
    const rejected = ofType(large, 'lead.rejected')

    expect(accepted / handedOff).toBeGreaterThan(0.35)
    expect(accepted / handedOff).toBeLessThan(0.65)
    expect(new Set(rejected.map(({ data }) => data.reason))).toEqual(new Set(['no budget', 'not decision maker', 'bad timing', 'duplicate']))
    expect(handedOff - accepted - rejected.length).toBeGreaterThan(0.05 * handedOff)
  })

  it('Given accepted leads, When sales activity is checked, Then it is logged only for accepted leads', () => {
    const accepted = new Set(ofType(large, 'lead.accepted').map(({ data }) => data.personId))
    const activities = ofType(large, 'sales.activity.logged')

    expect(activities.length).toBeGreaterThan(accepted.size)
    expect(activities.every(({ data }) => accepted.has(data.personId))).toBe(true)
  })

  it('Given closed deals, When outcomes are counted, Then 15-35% are won and some deals are still open', () => {
    const created = ofType(large, 'deal.created').length
    const won = ofType(large, 'deal.won').length
    const lost = ofType(large, 'deal.lost').length

    expect(won / (won + lost)).toBeGreaterThan(0.15)
    expect(won / (won + lost)).toBeLessThan(0.35)
    expect(created - won - lost).toBeGreaterThan(0)
  })

  it('Given the deals, When amounts are checked, Then they span two orders of magnitude and new business is a minority of won revenue', () => {
    const deals = new Map(ofType(large, 'deal.created').map(({ data }) => [data.dealId, data]))
    const amounts = [...deals.values()].map(({ amount }) => amount)
    let wonRevenue = 0
    let newBusinessRevenue = 0
    for (const { data } of ofType(large, 'deal.won')) {
      const deal = deals.get(data.dealId)
      const amount = data.amount ?? deal?.amount ?? 0
      wonRevenue += amount
      if (deal?.isNewBusiness === true) newBusinessRevenue += amount
    }

    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(5_000)
    expect(Math.max(...amounts)).toBeLessThanOrEqual(500_000)
    expect(Math.max(...amounts) / Math.min(...amounts)).toBeGreaterThan(50)
    expect([...deals.values()].filter(({ isNewBusiness }) => isNewBusiness).length / deals.size).toBeLessThan(0.5)
    expect(newBusinessRevenue / wonRevenue).toBeGreaterThan(0)
    expect(newBusinessRevenue / wonRevenue).toBeLessThan(0.5)
  })
})

describe('estimateEvents', () => {
  it.each([10, 300, 1_000, 3_000])('Given %i accounts, When estimated, Then it is within 25 percent of the real count', (accounts) => {
    let actual = 0
    for (const _ of simulate({ accounts })) actual++

    expect(Math.abs(estimateEvents(accounts) - actual) / actual).toBeLessThan(0.25)
  })
})
