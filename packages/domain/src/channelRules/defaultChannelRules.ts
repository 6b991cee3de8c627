import type { ChannelRules } from './channelRules.ts'

/**
 * The shipped `default` rules, active from the first start. docs/channel-rules.md lists them in a table, rule by rule
 * in this order, and defaultChannelRules.test.ts has a case for each: change the three together.
 *
 * The order matters where mediums overlap: `cpc` from a social network is paid social before it can be paid search,
 * and every rule for tagged traffic comes before the rules that read only the referrer, which ask for no UTM at all.
 */

const searchEngineSources = ['google', 'adwords', 'google?ads', 'bing', 'microsoft', 'yahoo', 'duckduckgo', 'baidu', 'yandex', 'ecosia']
const searchEngineHosts = ['google.*', '*.google.*', 'bing.com', '*.bing.com', '*.yahoo.com', 'duckduckgo.com', '*.baidu.com', 'yandex.*', '*.yandex.*', '*.ecosia.org', 'ecosia.org']
const socialSources = ['linkedin', 'facebook', 'fb', 'instagram', 'ig', 'x', 'twitter', 'reddit']
const socialHosts = [
  'linkedin.com',
  '*.linkedin.com',
  'lnkd.in',
  'facebook.com',
  '*.facebook.com',
  'fb.me',
  'instagram.com',
  '*.instagram.com',
  'x.com',
  '*.x.com',
  'twitter.com',
  '*.twitter.com',
  't.co',
  'reddit.com',
  '*.reddit.com',
]
const paidMediums = ['cpc', 'ppc', 'paid', 'paidsearch', 'paid?search', 'sem']

export const defaultChannelRules: ChannelRules = {
  id: 'default',
  version: 1,
  rules: [
    { channel: 'paid_social', when: { utmMedium: ['paid?social', 'paidsocial', 'social?paid'] } },
    { channel: 'paid_social', when: { utmMedium: paidMediums, utmSource: socialSources } },
    { channel: 'paid_social', when: { utmMedium: paidMediums, referrerHost: socialHosts } },
    { channel: 'paid_search', when: { utmMedium: paidMediums, utmSource: searchEngineSources } },
    { channel: 'paid_search', when: { utmMedium: paidMediums, referrerHost: searchEngineHosts } },
    { channel: 'paid_search', when: { urlParam: ['gclid', 'msclkid'] } },
    { channel: 'display', when: { utmMedium: ['display', 'banner', 'cpm'] } },
    { channel: 'email', when: { utmMedium: ['email', 'e-mail', 'e_mail', 'newsletter'] } },
    { channel: 'webinar', when: { utmMedium: 'webinar' } },
    { channel: 'events', when: { utmMedium: ['event', 'events', 'tradeshow', 'trade?show', 'conference'] } },
    { channel: 'partner', when: { utmMedium: ['partner', 'partners', 'affiliate'] } },
    { channel: 'content_syndication', when: { utmMedium: ['content?syndication', 'syndication'] } },
    { channel: 'organic_search', when: { utmMedium: 'organic' } },
    { channel: 'organic_social', when: { utmMedium: ['social', 'social?network', 'social?media', 'sm'] } },
    { channel: 'referral', when: { utmMedium: 'referral' } },
    { channel: 'email', when: { hasUtm: false, touchType: ['email_open', 'email_click'] } },
    { channel: 'webinar', when: { hasUtm: false, touchType: ['webinar_registered', 'webinar_attended'] } },
    { channel: 'events', when: { hasUtm: false, touchType: 'event_attended' } },
    { channel: 'organic_search', when: { hasUtm: false, referrerHost: searchEngineHosts } },
    { channel: 'organic_social', when: { hasUtm: false, referrerHost: socialHosts } },
    { channel: 'referral', when: { hasUtm: false, referrer: 'other-site' } },
    { channel: 'direct', when: { hasUtm: false, referrer: ['none', 'same-site'] } },
  ],
}
