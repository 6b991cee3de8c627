import { describe, expect, it } from 'vitest'
import type { ChannelRules } from './channelRules.ts'
import { channelClassifier } from './classifyTouch.ts'

const ours: ChannelRules = {
  id: 'our-channels',
  version: 2,
  extends: 'default',
  rules: [
    { channel: 'linkedin', when: { referrerHost: ['*linkedin.com', 'lnkd.in'] } },
    { channel: 'linkedin', when: { utmSource: 'linkedin' } },
    { channel: 'paid_search_brand', campaign: '{utmCampaign}', when: { utmMedium: ['cpc', 'ppc'], utmCampaign: 'brand*' } },
    { channel: 'by_term', campaign: 'term-{utmTerm}', when: { utmMedium: 'term-test' } },
  ],
}
const classify = channelClassifier(ours)
const page = 'https://example.com/landing'

describe('classifying a touch under a set of rules', () => {
  it('Given the first rule that holds, Then it decides, before any later one and before the default rules', () => {
    expect(classify({ touchType: 'page_view', url: `${page}?utm_source=LinkedIn&utm_medium=cpc` })).toEqual({ channel: 'linkedin', campaignId: 'linkedin' })
    expect(classify({ touchType: 'page_view', url: `${page}?utm_medium=CPC&utm_campaign=Brand-Q3` })).toEqual({ channel: 'paid_search_brand', campaignId: 'Brand-Q3' })
  })

  it('Given no rule of its own holds, Then the touch falls through to the default rules it extends', () => {
    expect(classify({ touchType: 'page_view', url: `${page}?utm_medium=cpc&utm_source=google&utm_campaign=generic` })).toEqual({
      channel: 'paid_search',
      campaignId: 'generic',
    })
  })

  it('Given rules that do not extend default, Then a touch none matches is unassigned', () => {
    const alone = channelClassifier({ ...ours, extends: undefined })
    expect(alone({ touchType: 'page_view', url: page })).toEqual({ channel: 'unassigned', campaignId: 'unassigned' })
  })

  it('Given a touch that states its channel and campaign, Then it keeps them whatever its URL says', () => {
    const stated = { touchType: 'page_view', url: `${page}?utm_source=linkedin`, channel: 'events', campaignId: 'c-7' } as const
    expect(classify(stated)).toEqual({ channel: 'events', campaignId: 'c-7' })
  })

  it('Given a touch that states only one of them, Then only the other is derived', () => {
    expect(classify({ touchType: 'page_view', url: `${page}?utm_source=linkedin&utm_campaign=abm`, channel: 'events' })).toEqual({
      channel: 'events',
      campaignId: 'abm',
    })
    expect(classify({ touchType: 'page_view', url: `${page}?utm_source=linkedin`, campaignId: 'c-9' })).toEqual({ channel: 'linkedin', campaignId: 'c-9' })
  })

  it('Given stated utm values, Then they win over the URL parameters of the same name', () => {
    const touch = { touchType: 'page_view', url: `${page}?utm_medium=cpc&utm_source=google&utm_campaign=brand-a`, utm: { campaign: 'generic' } } as const
    expect(classify(touch)).toEqual({ channel: 'paid_search', campaignId: 'generic' })
  })

  it('Given a campaign template whose placeholder the touch lacks, Then the campaign falls back to the default', () => {
    expect(classify({ touchType: 'page_view', url: `${page}?utm_medium=term-test&utm_term=crm` })).toEqual({ channel: 'by_term', campaignId: 'term-crm' })
    expect(classify({ touchType: 'page_view', url: `${page}?utm_medium=term-test` })).toEqual({ channel: 'by_term', campaignId: 'by_term' })
  })
})

describe('URLs as producers send them', () => {
  const channelOf = (fields: { url?: string; referrer?: string }) => classify({ touchType: 'page_view', ...fields })

  it('reads percent-encoded and plus-encoded parameters', () => {
    expect(channelOf({ url: `${page}?utm_medium=%63pc&utm_campaign=brand%20spring+sale` })).toEqual({
      channel: 'paid_search_brand',
      campaignId: 'brand spring sale',
    })
  })

  it('ignores the fragment, where a utm parameter is no parameter', () => {
    expect(channelOf({ url: `${page}#utm_medium=cpc&utm_campaign=brand-x` })).toEqual({ channel: 'direct', campaignId: 'direct' })
  })

  it('reads URLs without a scheme as https', () => {
    expect(channelOf({ url: 'example.com/landing', referrer: 'www.linkedin.com/feed' })).toEqual({ channel: 'linkedin', campaignId: 'linkedin' })
    expect(channelOf({ url: '//example.com/landing', referrer: 'www.google.de' })).toEqual({ channel: 'organic_search', campaignId: 'organic_search' })
  })

  it('ignores upper case in hosts, parameter names and values', () => {
    expect(channelOf({ url: 'HTTPS://EXAMPLE.COM/LANDING?GCLID=1', referrer: 'HTTPS://WWW.EXAMPLE.COM/' })).toEqual({
      channel: 'paid_search',
      campaignId: 'paid_search',
    })
    expect(channelOf({ url: `${page}?utm_medium=CPC&utm_campaign=BRAND` })).toEqual({ channel: 'paid_search_brand', campaignId: 'BRAND' })
  })

  it('takes a malformed percent sequence as it is written, and a host with a trailing dot as the host', () => {
    expect(channelOf({ url: `${page}?utm_medium=cpc&utm_campaign=brand%E0%A4%A` })).toEqual({ channel: 'paid_search_brand', campaignId: 'brand\uFFFD%A' })
    expect(channelOf({ url: page, referrer: 'https://lnkd.in./x' })).toEqual({ channel: 'linkedin', campaignId: 'linkedin' })
  })

  it('counts an empty utm parameter as none', () => {
    expect(channelOf({ url: `${page}?utm_medium=&utm_source=%20`, referrer: 'https://duckduckgo.com/' })).toEqual({
      channel: 'organic_search',
      campaignId: 'organic_search',
    })
  })
})
