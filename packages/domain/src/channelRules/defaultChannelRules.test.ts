import { describe, expect, it } from 'vitest'
import type { RawTouch } from './channelRules.ts'
import { channelClassifier } from './classifyTouch.ts'
import { checkChannelRules } from './channelRulesSchema.ts'
import { defaultChannelRules } from './defaultChannelRules.ts'

const classify = channelClassifier(defaultChannelRules)
const visit = (fields: Partial<RawTouch>): RawTouch => ({ touchType: 'page_view', ...fields })
const site = 'https://www.example.com'

describe('the shipped default rules, one case per rule of docs/channel-rules.md', () => {
  it('are a valid rule document themselves', () => {
    expect(checkChannelRules(defaultChannelRules).ok).toBe(true)
  })

  it.each([
    // [rule, touch, channel, campaign]
    ['1 paid_social by medium', visit({ url: `${site}/?utm_medium=paid_social&utm_source=newsletterly&utm_campaign=q3-abm` }), 'paid_social', 'q3-abm'],
    ['2 paid_social: cpc from a social network', visit({ url: `${site}/?utm_medium=cpc&utm_source=linkedin` }), 'paid_social', 'paid_social'],
    ['3 paid_social: ppc with a social referrer', visit({ url: `${site}/?utm_medium=ppc`, referrer: 'https://l.facebook.com/' }), 'paid_social', 'paid_social'],
    ['4 paid_search: cpc from a search engine', visit({ url: `${site}/?utm_medium=cpc&utm_source=google&utm_campaign=brand-emea` }), 'paid_search', 'brand-emea'],
    ['5 paid_search: sem with a search referrer', visit({ url: `${site}/?utm_medium=sem`, referrer: 'https://www.bing.com/search?q=x' }), 'paid_search', 'paid_search'],
    ['6 paid_search: a gclid', visit({ url: `${site}/pricing?gclid=abc123` }), 'paid_search', 'paid_search'],
    ['6 paid_search: an msclkid', visit({ url: `${site}/pricing?msclkid=abc123`, referrer: 'https://www.bing.com/' }), 'paid_search', 'paid_search'],
    ['7 display', visit({ url: `${site}/?utm_medium=cpm&utm_source=dv360` }), 'display', 'display'],
    ['8 email', visit({ url: `${site}/?utm_medium=e-mail&utm_campaign=nurture-7` }), 'email', 'nurture-7'],
    ['9 webinar', visit({ url: `${site}/?utm_medium=webinar` }), 'webinar', 'webinar'],
    ['10 events', visit({ url: `${site}/?utm_medium=tradeshow&utm_campaign=saastr` }), 'events', 'saastr'],
    ['11 partner', visit({ url: `${site}/?utm_medium=affiliate` }), 'partner', 'partner'],
    ['12 content_syndication', visit({ utm: { medium: 'content_syndication', source: 'techtarget' } }), 'content_syndication', 'content_syndication'],
    ['13 organic_search tagged', visit({ url: `${site}/?utm_medium=organic&utm_source=google` }), 'organic_search', 'organic_search'],
    ['14 organic_social tagged', visit({ url: `${site}/?utm_medium=social&utm_source=x` }), 'organic_social', 'organic_social'],
    ['15 referral tagged', visit({ url: `${site}/?utm_medium=referral&utm_source=g2` }), 'referral', 'referral'],
    ['16 email: an untagged email click', { touchType: 'email_click' }, 'email', 'email'],
    ['17 webinar: an untagged attendance', { touchType: 'webinar_attended' }, 'webinar', 'webinar'],
    ['18 events: an untagged event', { touchType: 'event_attended' }, 'events', 'events'],
    ['19 organic_search: a search referrer', visit({ url: `${site}/blog`, referrer: 'https://www.google.co.uk/' }), 'organic_search', 'organic_search'],
    ['20 organic_social: lnkd.in', visit({ url: `${site}/blog`, referrer: 'https://lnkd.in/abc' }), 'organic_social', 'organic_social'],
    ['20 organic_social: t.co', visit({ url: `${site}/blog`, referrer: 'https://t.co/xyz' }), 'organic_social', 'organic_social'],
    ['21 referral: another site', visit({ url: `${site}/blog`, referrer: 'https://news.ycombinator.com/item?id=1' }), 'referral', 'referral'],
    ['22 direct: no referrer', visit({ url: `${site}/` }), 'direct', 'direct'],
    ['22 direct: the site itself', visit({ url: `${site}/pricing`, referrer: 'https://example.com/' }), 'direct', 'direct'],
  ] as const)('%s', (_, touch, channel, campaign) => {
    expect(classify(touch)).toEqual({ channel, campaignId: campaign })
  })

  it('leaves tagged traffic with a medium it does not know unassigned rather than guessing', () => {
    expect(classify(visit({ url: `${site}/?utm_medium=carrier-pigeon` }))).toEqual({ channel: 'unassigned', campaignId: 'unassigned' })
  })
})
