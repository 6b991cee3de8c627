import { latestTimeMs } from '@attribution/contracts'
import { describe, expect, it } from 'vitest'
import { msPerDay } from '../journey.ts'
import type { LeadDefinition } from './definition.ts'
import {
  accountUpdated,
  day,
  day0,
  deal,
  definitionWith,
  personUpdated,
  rejected,
  sales,
  touch,
} from '../../testing/leadDefinitionFixtures.ts'
import { lifecycleOf, type Lifecycle, type PersonFact } from './lifecycle.ts'

// Every page view earns 10 points: three make an MQL. Recycle after 10 days without follow-up, 20 after a rejection.
const definition = definitionWith({
  behaviour: [{ name: 'visit', points: 10, match: { touchType: 'page_view' } }],
  mql: { threshold: 30 },
  recycle: { noFollowUpDays: 10, afterRejectionDays: 20 },
  slaHours: 24,
})

function lifecycle(facts: PersonFact[], asOf = day(100), under: LeadDefinition = definition): Lifecycle {
  return lifecycleOf(under, facts, { asOf })
}

/** Transitions as [stage, day, causing eventId]: the readable form of a lifecycle. */
function path(result: Lifecycle): [string, number, string][] {
  return result.transitions.map(({ stage, at, eventId }) => [stage, (at - day0) / msPerDay, eventId])
}

const threeVisits = [touch('v1', 0), touch('v2', 1), touch('v3', 2)]

describe('becoming known and an MQL', () => {
  it('Given three 10-point visits, When the third arrives, Then the person is an MQL at that visit with 30 points', () => {
    const result = lifecycle(threeVisits, day(5))

    expect(path(result)).toEqual([
      ['known', 0, 'v1'],
      ['mql', 2, 'v3'],
    ])
    expect(result.transitions[1]).toMatchObject({ from: 'known', score: { behaviour: 30, fit: 0, total: 30 } })
    expect(result.stage).toBe('mql')
  })

  it('Given anonymous visits later linked to the person, When the person is identified, Then they count but known starts there', () => {
    const anonymous = [0, 1].map((n) => touch(`a${n}`, n, 'page_view', { identified: false }))

    expect(lifecycle(anonymous).stage).toBeUndefined()
    expect(path(lifecycle([...anonymous, touch('v3', 2)], day(5)))).toEqual([
      ['known', 2, 'v3'],
      ['mql', 2, 'v3'],
    ])
  })

  it('Given an MQL whose score decays below the threshold, When time passes, Then the person stays an MQL', () => {
    const fading = definitionWith({
      behaviour: [{ name: 'demo', points: 30, match: { content: '/demo' }, halfLifeDays: 1 }],
      mql: { threshold: 30 },
    })

    const result = lifecycle([touch('d1', 0, 'form_fill', { content: '/demo' })], day(10), fading)

    expect(result.stage).toBe('mql')
    expect(result.score.total).toBeCloseTo(30 / 1024, 12)
  })

  it('Given a required fit rule on the account, When the person moves to an account that satisfies it, Then they qualify at the move', () => {
    const sellsHere = definitionWith({
      ...definition,
      fit: [{ name: 'us', points: 0, subject: 'account', attribute: 'country', in: ['US'] }],
      mql: { threshold: 30, requireFit: ['us'] },
    })
    const facts = [
      accountUpdated('globex', -1, 'acct-globex', { country: 'US' }),
      personUpdated('p1', 0, { title: 'VP of Sales' }, 'acct-acme'),
      accountUpdated('acme', 0, 'acct-acme', { country: 'BR' }),
      ...[1, 2, 3].map((n) => touch(`v${n}`, n)),
      personUpdated('p2', 4, {}, 'acct-globex'),
    ]

    expect(path(lifecycle(facts, day(5), sellsHere))).toEqual([
      ['known', 0, 'p1'],
      ['mql', 4, 'p2'],
    ])
  })
})

describe('the handoff', () => {
  it('Given an MQL handed off, accepted, on a deal that is won, When derived, Then it runs known, mql, sal, sql, won', () => {
    const facts = [
      ...threeVisits,
      sales('handed_off', 'h1', 2.5),
      sales('accepted', 'acc', 3),
      deal('deal_created', 'dc', 10),
      deal('deal_won', 'dw', 40),
    ]

    const result = lifecycle(facts)

    expect(path(result)).toEqual([
      ['known', 0, 'v1'],
      ['mql', 2, 'v3'],
      ['sal', 3, 'acc'],
      ['sql', 10, 'dc'],
      ['won', 40, 'dw'],
    ])
    expect(result.qualifications).toEqual([
      {
        at: day(2),
        eventId: 'v3',
        lastTouch: { campaignId: 'c1', channel: 'organic' },
        handedOffAt: day(2.5),
        followUpDueAt: day(3),
        followedUpAt: day(3),
        followUpEventId: 'acc',
        endedAt: day(3),
        endedAs: 'sal',
      },
    ])
  })

  it('Given an MQL handed to one rep and worked by another, When derived, Then the first hand-off names the owner', () => {
    const facts = [...threeVisits, sales('handed_off', 'h1', 2.5, 'rep-a'), sales('sales_activity', 'call', 3, 'rep-b')]

    expect(lifecycle(facts).qualifications[0]?.ownerId).toBe('rep-a')
    expect(lifecycle([...threeVisits, sales('sales_activity', 'call', 3, 'rep-b')]).qualifications[0]?.ownerId).toBe('rep-b')
    // A rep who called before the lead was handed over does not keep it from the rep it was handed to.
    const calledFirst = [...threeVisits, sales('sales_activity', 'call', 2.2, 'rep-b'), sales('handed_off', 'h1', 2.5, 'rep-a')]
    expect(lifecycle(calledFirst).qualifications[0]).toMatchObject({ ownerId: 'rep-a', handedOffAt: day(2.5), followedUpAt: day(2.2) })
  })

  it('Given an MQL rejected for a reason, When derived, Then the qualification ends as rejected with that reason', () => {
    const [qualification] = lifecycle([...threeVisits, rejected('r1', 4, 'not decision maker', 'rep-a')]).qualifications

    expect(qualification).toMatchObject({ endedAs: 'rejected', endedAt: day(4), endReason: 'not decision maker', ownerId: 'rep-a' })
  })

  it('Given touches from two campaigns, When the later one qualifies the person, Then the qualification names that campaign', () => {
    const facts = [touch('v1', 0), touch('v2', 1), touch('v3', 2, 'page_view', { campaignId: 'pricing', channel: 'paid_search' })]

    expect(lifecycle(facts).qualifications[0]?.lastTouch).toEqual({ campaignId: 'pricing', channel: 'paid_search' })
  })

  it('Given an MQL nobody follows up, When 10 days pass, Then it is recycled at that moment, caused by the MQL', () => {
    const result = lifecycle(threeVisits, day(30))

    expect(path(result).slice(1)).toEqual([
      ['mql', 2, 'v3'],
      ['recycled', 12, 'v3'],
    ])
    expect(result.transitions[2]).toMatchObject({ from: 'mql', cause: 'no_follow_up' })
    expect(result.qualifications[0]).toMatchObject({ endedAt: day(12), endedAs: 'recycled' })
    expect(result.qualifications[0]?.followedUpAt).toBeUndefined()
  })

  it('Given the follow-up clock, When computed just before and exactly at the deadline, Then the recycle shows from the deadline', () => {
    expect(lifecycle(threeVisits, day(12) - 1).stage).toBe('mql')
    expect(lifecycle(threeVisits, day(12)).stage).toBe('recycled')
  })

  it('Given a sales activity exactly on the deadline, When derived, Then it is in time and the MQL stays', () => {
    expect(lifecycle([...threeVisits, sales('sales_activity', 'call', 12)]).stage).toBe('mql')
    expect(lifecycle([...threeVisits, sales('sales_activity', 'call', 12.01)]).stage).toBe('recycled')
  })

  it('Given a recycled lead, When new visits come, Then only visits after the recycle count towards qualifying again', () => {
    const facts = [...threeVisits, touch('v4', 13), touch('v5', 14), touch('v6', 15)]

    expect(path(lifecycle(facts, day(14.5))).slice(2)).toEqual([['recycled', 12, 'v3']])
    const result = lifecycle(facts, day(20))
    expect(path(result).slice(2)).toEqual([
      ['recycled', 12, 'v3'],
      ['mql', 15, 'v6'],
    ])
    expect(result.transitions[3]).toMatchObject({ from: 'recycled', score: { total: 30 } })
    expect(result.qualifications.map(({ at, followUpDueAt }) => [at, followUpDueAt])).toEqual([
      [day(2), day(3)],
      [day(15), day(16)],
    ])
  })

  it('Given a rejected MQL, When 20 days pass, Then it is recycled and can qualify again', () => {
    const facts = [...threeVisits, rejected('rej', 4, 'bad timing'), touch('v4', 25), touch('v5', 26), touch('v6', 27)]

    const result = lifecycle(facts, day(30))

    expect(path(result).slice(1)).toEqual([
      ['mql', 2, 'v3'],
      ['rejected', 4, 'rej'],
      ['recycled', 24, 'rej'],
      ['mql', 27, 'v6'],
    ])
    expect(result.transitions[2]).toMatchObject({ reason: 'bad timing' })
    expect(result.transitions[3]).toMatchObject({ from: 'rejected', cause: 'after_rejection' })
    expect(result.qualifications[0]).toMatchObject({
      followedUpAt: day(4),
      followUpEventId: 'rej',
      endedAs: 'rejected',
    })
  })

  it('Given a second rejection, When derived, Then the recycle clock restarts from it', () => {
    const facts = [...threeVisits, rejected('rej1', 4), rejected('rej2', 10)]

    expect(path(lifecycle(facts)).slice(2)).toEqual([
      ['rejected', 4, 'rej1'],
      ['recycled', 30, 'rej2'],
    ])
  })

  it('Given an MQL days before the last time ClickHouse holds, When derived, Then no time past it comes out', () => {
    const lastDay = (latestTimeMs - day0) / msPerDay
    const lateVisits = [touch('v1', lastDay - 4), touch('v2', lastDay - 3), touch('v3', lastDay - 2)]
    const result = lifecycleOf({ ...definition, slaHours: 24 * 365 }, lateVisits, { asOf: Infinity })

    // The 10-day recycle would come after the last storable time: it never does.
    expect(path(result)).toEqual([
      ['known', lastDay - 4, 'v1'],
      ['mql', lastDay - 2, 'v3'],
    ])
    expect(result.qualifications[0]?.followUpDueAt).toBe(latestTimeMs)
  })

  it('Given the probe *a*a*a*a*a*ab and a touch of 2,048 a, which hung the projector, When derived, Then it answers at once', () => {
    const probe = definitionWith({ behaviour: [{ name: 'probe', points: 10, match: { content: '*a*a*a*a*a*ab' } }] })
    const started = performance.now()
    const result = lifecycle([touch('v1', 0, 'page_view', { content: 'a'.repeat(2048) })], day(1), probe)

    expect(result.score.total).toBe(0)
    expect(performance.now() - started).toBeLessThan(50)
  })

  it('Given a definition without recycle settings, When nobody follows up for a year, Then the MQL stays', () => {
    expect(lifecycle(threeVisits, day(365), { ...definition, recycle: {} }).stage).toBe('mql')
  })
})

describe('edge cases', () => {
  it('Given sales accepting a person marketing never qualified, When derived, Then they go from known to sal', () => {
    const result = lifecycle([touch('v1', 0), sales('accepted', 'acc', 1)])

    expect(path(result)).toEqual([
      ['known', 0, 'v1'],
      ['sal', 1, 'acc'],
    ])
    expect(result.transitions[1]?.from).toBe('known')
    expect(result.qualifications).toEqual([])
  })

  it('Given a deal before any MQL, When the person keeps engaging, Then they are sql from known and never an MQL', () => {
    const result = lifecycle([touch('v1', 0), deal('deal_created', 'dc', 1), touch('v2', 2), touch('v3', 3)])

    expect(path(result)).toEqual([
      ['known', 0, 'v1'],
      ['sql', 1, 'dc'],
    ])
  })

  it('Given a won deal, When more happens afterwards, Then won is final', () => {
    const facts = [
      deal('deal_created', 'dc1', 1),
      deal('deal_won', 'dw1', 2),
      rejected('rej', 3),
      deal('deal_created', 'dc2', 4, 'd2'),
      deal('deal_lost', 'dl2', 5, 'd2'),
      ...[6, 7, 8].map((n) => touch(`v${n}`, n)),
    ]

    expect(path(lifecycle(facts))).toEqual([
      ['known', 1, 'dc1'],
      ['sql', 1, 'dc1'],
      ['won', 2, 'dw1'],
    ])
  })

  it('Given two open deals, When one is lost, Then the person stays sql until the last is lost, and a new deal reopens', () => {
    const facts = [
      deal('deal_created', 'dc1', 1, 'd1'),
      deal('deal_created', 'dc2', 2, 'd2'),
      deal('deal_lost', 'dl1', 3, 'd1'),
      deal('deal_lost', 'dl2', 4, 'd2'),
      ...[5, 6, 7].map((n) => touch(`v${n}`, n)),
      deal('deal_created', 'dc3', 10, 'd3'),
    ]

    expect(path(lifecycle(facts)).slice(1)).toEqual([
      ['sql', 1, 'dc1'],
      ['lost', 4, 'dl2'],
      ['sql', 10, 'dc3'],
    ])
  })

  it('Given facts after asOf, When derived, Then they are left out', () => {
    expect(path(lifecycle([...threeVisits, sales('accepted', 'acc', 3)], day(2.9)))).toEqual([
      ['known', 0, 'v1'],
      ['mql', 2, 'v3'],
    ])
  })

  it('Given an asOf that is not a time, When derived, Then it is refused', () => {
    expect(() => lifecycleOf(definition, threeVisits, { asOf: Number.NaN })).toThrow(RangeError)
  })
})

describe('determinism', () => {
  const history: PersonFact[] = [
    personUpdated('p1', 0, { seniority: 'VP' }, 'acct-1'),
    ...threeVisits,
    rejected('rej', 4),
    touch('v4', 25),
    touch('v5', 26),
    // Two facts at the same instant: the event id decides the order.
    touch('v6', 27),
    sales('accepted', 'acc', 27),
    deal('deal_created', 'dc', 30),
    deal('deal_lost', 'dl', 60),
  ]

  it('Given the same facts delivered in other orders, When derived, Then the lifecycle is identical', () => {
    const expected = lifecycle(history)
    const rotations = history.map((_, shift) => [...history.slice(shift), ...history.slice(0, shift)])

    for (const order of [[...history].reverse(), ...rotations]) expect(lifecycle(order)).toEqual(expected)
    const stages = path(expected).map(([stage]) => stage)
    expect(stages).toEqual(['known', 'mql', 'rejected', 'recycled', 'sal', 'sql', 'lost'])
  })

  it('Given every fact delivered twice, When derived, Then each counts once', () => {
    expect(lifecycle([...history, ...history])).toEqual(lifecycle(history))
  })
})
