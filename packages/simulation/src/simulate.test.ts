import { type Event, type EventOf, type EventType, validateEvent } from '@attribution/contracts'
import { describe, expect, it } from 'vitest'
import { estimateEvents, simulate } from './simulate.ts'

const history = [...simulate({ accounts: 300 })]
// Rates are checked on a larger run so they measure the model, not the luck of a few dozen deals.
const large = [...simulate({ accounts: 1_000 })]

function ofType<T extends EventType>(events: readonly Event[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type)
}

/** Who each touch belongs to, counting cookie touches once a link names their person. */
function personOfTouch(events: readonly Event[]): (touch: EventOf<'touchpoint.recorded'>) => string | undefined {
  const personOfCookie = new Map(ofType(events, 'identity.linked').map(({ data }) => [data.anonymousId, data.personId]))
  return ({ data }) => data.personId ?? personOfCookie.get(data.anonymousId ?? '')
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

  it('Given the default window, When events are emitted, Then they fall in it and each account runs in time order', () => {
    const lastTimeOfBatch = new Map<string, string>()
    for (const { eventId, occurredAt } of history) {
      expect(occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      expect(occurredAt >= '2025-04-01T00:00:00Z' && occurredAt < '2026-10-01T00:00:00Z').toBe(true)
      // Ids are `sim-<seed>-<batch>-<n>`: one batch for the campaigns, one per account.
      const batch = eventId.slice(0, eventId.lastIndexOf('-'))
      expect(occurredAt >= (lastTimeOfBatch.get(batch) ?? '')).toBe(true)
      lastTimeOfBatch.set(batch, occurredAt)
    }
  })

  it('Given a custom window and currency, When simulated, Then events fall inside it and validate in that currency', () => {
    const start = new Date('2024-01-01T00:00:00Z')
    const end = new Date('2024-07-01T00:00:00Z')
    const events = [...simulate({ accounts: 40, start, end, currency: 'EUR' })]
    const inside = ({ occurredAt }: Event) => occurredAt >= '2024-01-01T00:00:00Z' && occurredAt < '2024-07-01T00:00:00Z'

    expect(events.every(inside)).toBe(true)
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
  it('Given 300 accounts, When campaigns are emitted, Then 300 span ten channels and only paid ones cost money', () => {
    const campaigns = ofType(history, 'campaign.updated')
    const paid = new Set(campaigns.filter(({ data }) => data.attributes?.paid === true).map(({ data }) => data.campaignId))

    expect(campaigns).toHaveLength(300)
    expect(new Set(campaigns.map(({ data }) => data.channel)).size).toBe(10)
    expect(ofType(history, 'campaign.cost.recorded').every(({ data }) => paid.has(data.campaignId))).toBe(true)
  })

  it('Given the history, When touches are checked, Then each names a campaign announced earlier on its channel', () => {
    const channelOf = new Map<string, string | undefined>()
    for (const event of history) {
      if (event.type === 'campaign.updated') channelOf.set(event.data.campaignId, event.data.channel)
      if (event.type === 'touchpoint.recorded') expect(channelOf.get(event.data.campaignId ?? '')).toBe(event.data.channel)
    }
  })
})

describe('the simulated people and touches', () => {
  it('Given the history, When touches before each form fill are counted, Then most of them are anonymous', () => {
    const touches = ofType(history, 'touchpoint.recorded')
    const personOf = personOfTouch(history)
    const firstFormFill = new Map<string, string>()
    for (const { data, occurredAt } of touches) {
      if (data.touchType !== 'form_fill' || data.personId === undefined || firstFormFill.has(data.personId)) continue
      firstFormFill.set(data.personId, occurredAt)
    }
    const beforeFormFill = touches.filter((touch) => touch.occurredAt < (firstFormFill.get(personOf(touch) ?? '') ?? ''))
    const anonymous = beforeFormFill.filter(({ data }) => data.personId === undefined)

    expect(anonymous.length / beforeFormFill.length).toBeGreaterThan(0.8)
  })

  it('Given the history, When identity links are checked, Then each cookie was on earlier touches and names one person', () => {
    const seenCookies = new Set<string>()
    const personOfCookie = new Map<string, string>()
    for (const event of history) {
      if (event.type === 'touchpoint.recorded' && event.data.anonymousId !== undefined) {
        seenCookies.add(event.data.anonymousId)
      }
      if (event.type === 'identity.linked') {
        expect(seenCookies.has(event.data.anonymousId)).toBe(true)
        expect(personOfCookie.get(event.data.anonymousId) ?? event.data.personId).toBe(event.data.personId)
        personOfCookie.set(event.data.anonymousId, event.data.personId)
      }
    }
    expect(personOfCookie.size).toBeGreaterThan(100)
  })

  it('Given the history, When person references are checked, Then touches, leads and deals name persons emitted earlier', () => {
    const persons = new Set<string>()
    const named = (personId: string | undefined) => personId === undefined || persons.has(personId)
    for (const event of history) {
      if (event.type === 'person.updated') persons.add(event.data.personId)
      if (event.type === 'touchpoint.recorded') expect(named(event.data.personId)).toBe(true)
      if (event.type.startsWith('lead.') || event.type === 'sales.activity.logged') {
        expect(named((event.data as { personId: string }).personId)).toBe(true)
      }
      if (event.type === 'deal.created') {
        expect(event.data.contactIds?.length).toBeGreaterThan(0)
        expect((event.data.contactIds ?? []).every(named)).toBe(true)
      }
    }
  })

  it("Given each deal, When its contacts' touches are counted, Then each had 2-15 before it and none after it closed", () => {
    const personOf = personOfTouch(large)
    const touchTimes = new Map<string, string[]>()
    for (const touch of ofType(large, 'touchpoint.recorded')) {
      const personId = personOf(touch)
      if (personId !== undefined) touchTimes.set(personId, [...(touchTimes.get(personId) ?? []), touch.occurredAt])
    }
    const closes = [...ofType(large, 'deal.won'), ...ofType(large, 'deal.lost')]
    const closedAt = new Map(closes.map(({ data, occurredAt }) => [data.dealId, occurredAt]))
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
  it('Given handed-off leads, When outcomes are counted, Then 35-65% are accepted and the rest rejected or ignored', () => {
    const handedOff = ofType(large, 'lead.handed_off').length
    const accepted = ofType(large, 'lead.accepted').length
    const rejected = ofType(large, 'lead.rejected')
    const reasons = new Set(rejected.map(({ data }) => data.reason))

    expect(accepted / handedOff).toBeGreaterThan(0.35)
    expect(accepted / handedOff).toBeLessThan(0.65)
    expect(reasons).toEqual(new Set(['no budget', 'not decision maker', 'bad timing', 'duplicate']))
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

  it('Given the deals, When amounts are summed, Then they span two orders of magnitude and new business is a minority', () => {
    const deals = new Map(ofType(large, 'deal.created').map(({ data }) => [data.dealId, data]))
    const amounts = [...deals.values()].map(({ amount }) => amount)
    const newDeals = [...deals.values()].filter(({ isNewBusiness }) => isNewBusiness)
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
    expect(newDeals.length / deals.size).toBeLessThan(0.5)
    expect(newBusinessRevenue / wonRevenue).toBeGreaterThan(0)
    expect(newBusinessRevenue / wonRevenue).toBeLessThan(0.5)
  })
})

describe('estimateEvents', () => {
  it.each([10, 300, 1_000, 3_000])('Given %i accounts, When estimated, Then it is within 25 percent of the count', (accounts) => {
    let actual = 0
    for (const _ of simulate({ accounts })) actual++

    expect(Math.abs(estimateEvents(accounts) - actual) / actual).toBeLessThan(0.25)
  })
})
