import { describe, expect, it } from 'vitest'
import type { BehaviourRule, FitRule } from './definition.ts'
import { day, definitionWith, touch } from '../../testing/leadDefinitionFixtures.ts'
import { behaviourScore, fitHolds, fitScore, qualifies, scoreAt, type Profile } from './scoring.ts'

const pricing: BehaviourRule = { name: 'pricing', points: 40, match: { content: '/pricing*' }, halfLifeDays: 7 }
const noOne: Profile = { person: {}, account: {} }
const pricingView = (eventId: string, days: number) => touch(eventId, days, 'page_view', { content: '/pricing' })
const account = (attributes: Profile['account']): Profile => ({ person: {}, account: attributes })

function fit(condition: Partial<FitRule>): FitRule {
  return { name: 'rule', points: 10, subject: 'account', attribute: 'employees', ...condition } as FitRule
}

describe('behaviour score', () => {
  it('Given 40-point touches 14 and 7 days old with a 7-day half-life, When scored, Then they add 10 + 20 = 30', () => {
    const touches = [pricingView('a', 0), pricingView('b', 7)]

    expect(behaviourScore([pricing], touches, day(14))).toEqual([{ rule: 'pricing', kind: 'behaviour', points: 30 }])
  })

  it('Given a touch 3.5 days old with a 7-day half-life, When scored, Then it keeps 1/√2 of its points', () => {
    const [score] = behaviourScore([pricing], [pricingView('a', 0)], day(3.5))

    expect(score?.points).toBeCloseTo(40 / Math.SQRT2, 12)
  })

  it('Given a rule without a half-life, When scored a year later, Then the points have not faded', () => {
    const rule: BehaviourRule = { name: 'download', points: 10, match: { touchType: 'content_download' } }

    expect(behaviourScore([rule], [touch('a', 0, 'content_download')], day(365))[0]?.points).toBe(10)
  })

  it('Given a touch after the moment scored, When scored, Then it does not count yet', () => {
    const touches = [pricingView('a', 0), pricingView('b', 8)]

    expect(behaviourScore([pricing], touches, day(7))[0]?.points).toBe(20)
  })

  it('Given five 10-point visits and a cap of 25, When scored, Then the rule adds 25', () => {
    const rule: BehaviourRule = { name: 'visits', points: 10, match: { touchType: 'page_view' }, cap: 25 }
    const touches = [1, 2, 3, 4, 5].map((n) => touch(`t${n}`, n))

    expect(behaviourScore([rule], touches, day(10))[0]?.points).toBe(25)
  })

  it('Given a cap and decay, When scored, Then the cap bounds the decayed sum: 20 + 10 = 30 capped to 25, later 5 + 10 = 15', () => {
    const rule: BehaviourRule = { name: 'demo', points: 20, match: { content: '/demo' }, halfLifeDays: 1, cap: 25 }
    const touches = [touch('a', 0, 'page_view', { content: '/demo' }), touch('b', 1, 'page_view', { content: '/demo' })]

    expect(behaviourScore([rule], touches, day(1))[0]?.points).toBe(25)
    expect(behaviourScore([rule], touches, day(2))[0]?.points).toBe(15)
  })

  it('Given a touch two rules match, When scored, Then both rules count it', () => {
    const anyVisit: BehaviourRule = { name: 'visit', points: 2, match: { touchType: 'page_view' } }

    const rules = behaviourScore([anyVisit, pricing], [pricingView('a', 0)], day(0))

    expect(rules.map(({ rule, points }) => [rule, points])).toEqual([['visit', 2], ['pricing', 40]])
  })

  it('Given a rule on touch type, channel and content, When matched, Then a touch must satisfy every field and any entry of a list', () => {
    const rule: BehaviourRule = {
      name: 'intent',
      points: 1,
      match: { touchType: ['page_view', 'email_click'], channel: 'paid_*', content: ['/pricing*', '/demo'] },
    }
    const score = (t: ReturnType<typeof touch>) => behaviourScore([rule], [t], day(1)).length

    expect(score(touch('a', 0, 'email_click', { channel: 'paid_search', content: '/Pricing/Enterprise' }))).toBe(1)
    expect(score(touch('b', 0, 'page_view', { channel: 'paid_social', content: '/demo' }))).toBe(1)
    expect(score(touch('c', 0, 'page_view', { channel: 'organic', content: '/demo' }))).toBe(0)
    expect(score(touch('d', 0, 'form_fill', { channel: 'paid_search', content: '/demo' }))).toBe(0)
    expect(score(touch('e', 0, 'page_view', { channel: 'paid_search', content: '/blog/pricing' }))).toBe(0)
    expect(score(touch('f', 0, 'page_view', { channel: 'paid_search', content: '/demo/video' }))).toBe(0)
  })

  it('Given a content pattern *, When a touch has no content, Then it does not match', () => {
    const rule: BehaviourRule = { name: 'any-page', points: 1, match: { content: '*' } }

    expect(behaviourScore([rule], [touch('a', 0, 'email_open')], day(1))).toEqual([])
  })

  it('Given the same touches in another order, When scored, Then the score is identical to the last bit', () => {
    const rule: BehaviourRule = { name: 'visits', points: 0.1, match: { touchType: 'page_view' }, halfLifeDays: 3 }
    const touches = [1, 2, 3, 4, 5, 6, 7].map((n) => touch(`t${n}`, n / 3))

    expect(behaviourScore([rule], [...touches].reverse(), day(9))).toEqual(behaviourScore([rule], touches, day(9)))
  })
})

describe('fit score', () => {
  it('Given equals, When the attribute differs only in case, or is the number as text, Then it holds', () => {
    const vp = fit({ subject: 'person', attribute: 'seniority', equals: 'VP' })

    expect(fitHolds(vp, { person: { seniority: 'vp' }, account: {} })).toBe(true)
    expect(fitHolds(fit({ equals: 350 }), account({ employees: '350' }))).toBe(true)
    expect(fitHolds(fit({ equals: 350 }), account({ employees: 351 }))).toBe(false)
    expect(fitHolds(fit({ attribute: 'customer', equals: true }), account({ customer: 'true' }))).toBe(true)
  })

  it('Given in, When the attribute is one of the values, Then it holds', () => {
    const rule = fit({ attribute: 'country', in: ['US', 'CA', 'GB'] })

    expect(fitHolds(rule, { person: {}, account: { country: 'GB' } })).toBe(true)
    expect(fitHolds(rule, { person: {}, account: { country: 'DE' } })).toBe(false)
  })

  it('Given a range, When the value lies on either end, inside, outside or is text, Then both ends are included', () => {
    const rule = fit({ range: { min: 200, max: 1999 } })
    const holds = (employees: string | number) => fitHolds(rule, { person: {}, account: { employees } })

    expect([199, 200, 1000, 1999, 2000].map(holds)).toEqual([false, true, true, true, false])
    expect([holds('350'), holds('about 350')]).toEqual([true, false])
    expect(fitHolds(fit({ range: { max: 10 } }), { person: {}, account: { employees: 5 } })).toBe(true)
  })

  it('Given exists, When the attribute is missing, empty or set, Then true and false say so', () => {
    const has = fit({ attribute: 'industry', exists: true })
    const lacks = fit({ attribute: 'industry', exists: false })
    const profiles: Profile[] = [noOne, account({ industry: ' ' }), account({ industry: 'Retail' })]

    expect(profiles.map((profile) => fitHolds(has, profile))).toEqual([false, false, true])
    expect(profiles.map((profile) => fitHolds(lacks, profile))).toEqual([true, true, false])
  })

  it('Given attribute names every object inherits, When no source sent them, Then they are missing', () => {
    const rules = ['constructor', 'toString', '__proto__'].map((attribute) => fit({ attribute, exists: true }))

    expect(rules.map((rule) => fitHolds(rule, noOne))).toEqual([false, false, false])
    expect(fitHolds(fit({ attribute: 'constructor', equals: 'Acme' }), account({ constructor: 'Acme' }))).toBe(true)
  })

  it('Given a missing attribute, When equals, in, range or matches is asked, Then the rule does not hold', () => {
    const rules = [fit({ equals: 1 }), fit({ in: [1] }), fit({ range: { min: 0 } }), fit({ matches: '*' })]

    expect(rules.map((rule) => fitHolds(rule, noOne))).toEqual([false, false, false, false])
  })

  it('Given matches with patterns, When the title contains one of them, Then it holds ignoring case', () => {
    const rule = fit({ subject: 'person', attribute: 'title', matches: ['*student*', '*intern*'] })
    const holds = (title: string) => fitHolds(rule, { person: { title }, account: {} })

    expect([holds('PhD Student'), holds('Marketing Intern'), holds('VP of Marketing')]).toEqual([true, true, false])
  })

  it('Given a director (+20) at a 5-person company (-30), When fit is scored, Then it is -10', () => {
    const rules: FitRule[] = [
      { name: 'senior', points: 20, subject: 'person', attribute: 'seniority', in: ['Director', 'VP'] },
      { name: 'tiny', points: -30, subject: 'account', attribute: 'employees', range: { max: 10 } },
      { name: 'big', points: 15, subject: 'account', attribute: 'employees', range: { min: 200 } },
    ]
    const profile: Profile = { person: { seniority: 'Director' }, account: { employees: 5 } }

    const matched = fitScore(rules, profile)

    expect(matched.map(({ rule, points }) => [rule, points])).toEqual([['senior', 20], ['tiny', -30]])
    const score = scoreAt(definitionWith({ fit: rules }), [], profile, day(0))
    expect(score).toMatchObject({ behaviour: 0, fit: -10, total: -10 })
  })
})

describe('qualifies', () => {
  const definition = definitionWith({
    behaviour: [{ name: 'demo', points: 50, match: { content: '/demo' } }],
    fit: [{ name: 'sells-here', points: 0, subject: 'account', attribute: 'country', in: ['US'] }],
    mql: { threshold: 50, requireFit: ['sells-here'] },
  })
  const touches = [touch('a', 0, 'form_fill', { content: '/demo' })]

  it('Given the threshold reached and the required fit holding, When checked, Then the person qualifies', () => {
    const profile: Profile = { person: {}, account: { country: 'US' } }

    expect(qualifies(definition, scoreAt(definition, touches, profile, day(0)), profile)).toBe(true)
  })

  it('Given the threshold reached but the required fit not holding, When checked, Then the person does not qualify', () => {
    const profile: Profile = { person: {}, account: { country: 'BR' } }

    expect(qualifies(definition, scoreAt(definition, touches, profile, day(0)), profile)).toBe(false)
  })

  it('Given the required fit holding but 49.99 points, When checked, Then the person does not qualify', () => {
    const justUnder = { ...definition, behaviour: [{ name: 'demo', points: 49.99, match: { content: '/demo' } }] }
    const profile: Profile = { person: {}, account: { country: 'US' } }

    expect(qualifies(justUnder, scoreAt(justUnder, touches, profile, day(0)), profile)).toBe(false)
  })
})
