import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseLeadDefinition, qualifies, scoreAt, type LeadDefinition, type Profile } from '@attribution/domain'
// The domain's own test fixtures: this suite reads the example files from disk, which the pure package may not.
import { leadDefinitionFixtures } from '@attribution/domain/testing'

const { day, touch } = leadDefinitionFixtures

// The example documents shipped in packages/domain/lead-definitions, read as revenue operations would write them.
function example(name: string): LeadDefinition {
  const text = readFileSync(new URL(`../packages/domain/lead-definitions/${name}`, import.meta.url), 'utf8')
  const parsed = parseLeadDefinition(text, 'yaml')
  if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.errors)}`)
  return parsed.definition
}

// Attributes as packages/simulation emits them (firmographics.ts), paths as webContent.ts draws them.
const directorAtEnterprise: Profile = {
  person: { title: 'Director of Marketing', seniority: 'Director', department: 'Marketing', country: 'US' },
  account: { employees: 3400, country: 'US', segment: 'Enterprise', industry: 'Software' },
}
const studentAtTinyCompany: Profile = {
  person: { title: 'Marketing Student', seniority: 'Individual Contributor', department: 'Marketing', country: 'US' },
  account: { employees: 6, country: 'US', segment: 'SMB', industry: 'Education' },
}

describe('example lead definitions', () => {
  it('Given activity-based.yaml, When parsed, Then it is a valid definition', () => {
    const definition = example('activity-based.yaml')

    expect(definition).toMatchObject({ id: 'activity-based', version: 1, fit: [], mql: { threshold: 50 } })
  })

  it('Given intent-and-fit.yaml, When parsed, Then it is a valid definition requiring country and company size', () => {
    const definition = example('intent-and-fit.yaml')

    expect(definition).toMatchObject({
      id: 'intent-and-fit',
      mql: { threshold: 60, requireFit: ['sales-country', 'company-size-known'] },
    })
  })

  it('Given activity-based, When a person downloads twice, attends a webinar and clicks three emails, Then 10+10+15+9+2 = 46 falls short until a form fill', () => {
    const definition = example('activity-based.yaml')
    const touches = [
      touch('a', 0, 'content_download', { content: '/resources/abm-playbook' }),
      touch('b', 1, 'content_download', { content: '/resources/revops-maturity-model' }),
      touch('c', 2, 'webinar_attended', { content: '/webinars/revops-office-hours' }),
      touch('d', 3, 'email_click', { content: '/blog/mql-vs-sql' }),
      touch('e', 4, 'email_click', { content: '/pricing' }),
      touch('f', 5, 'email_click', { content: '/demo' }),
      touch('g', 6, 'page_view', { content: '/customers' }),
    ]
    const none: Profile = { person: {}, account: {} }

    expect(scoreAt(definition, touches, none, day(6)).total).toBe(46)
    const withForm = [...touches, touch('h', 7, 'form_fill', { content: '/newsletter' })]
    expect(qualifies(definition, scoreAt(definition, withForm, none, day(7)), none)).toBe(true)
  })

  it('Given intent-and-fit, When a director at a large US company requests a demo, Then 50 + 20 + 10 (marketing) + 15 = 95 qualifies', () => {
    const definition = example('intent-and-fit.yaml')
    const demo = [touch('a', 0, 'form_fill', { content: '/demo' })]

    const score = scoreAt(definition, demo, directorAtEnterprise, day(0))

    expect(score.total).toBe(95)
    expect(qualifies(definition, score, directorAtEnterprise)).toBe(true)
  })

  it('Given intent-and-fit, When a student at a 6-person company requests a demo, Then 50 + 10 (marketing) - 50 - 30 = -20 does not', () => {
    const definition = example('intent-and-fit.yaml')

    const score = scoreAt(definition, [touch('a', 0, 'form_fill', { content: '/demo' })], studentAtTinyCompany, day(0))

    expect(score.total).toBe(-20)
    expect(qualifies(definition, score, studentAtTinyCompany)).toBe(false)
  })

  it('Given intent-and-fit, When the company is in a country not sold to, Then even 95 points do not qualify', () => {
    const definition = example('intent-and-fit.yaml')
    const brazil: Profile = { ...directorAtEnterprise, account: { ...directorAtEnterprise.account, country: 'BR' } }

    const score = scoreAt(definition, [touch('a', 0, 'form_fill', { content: '/demo' })], brazil, day(0))

    expect(score.total).toBe(95)
    expect(qualifies(definition, score, brazil)).toBe(false)
  })

  it('Given intent-and-fit, When the demo request is 30 days old, Then it counts half: 25 + 45 = 70', () => {
    const definition = example('intent-and-fit.yaml')

    const score = scoreAt(definition, [touch('a', 0, 'form_fill', { content: '/demo' })], directorAtEnterprise, day(30))

    expect(score.total).toBe(70)
  })
})
