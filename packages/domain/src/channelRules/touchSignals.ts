import { parseTouchUrl } from '@attribution/contracts'
import { boundedId } from './boundedId.ts'
import type { RawTouch, ReferrerKind } from './channelRules.ts'

/** What channel rules read from a raw touch, each text as the conditions compare it. */
export interface TouchSignals {
  touchType: string
  utmSource?: string
  utmMedium?: string
  utmCampaign?: string
  utmTerm?: string
  utmContent?: string
  referrerHost?: string
  urlHost?: string
  urlPath?: string
  /** The names of the page URL's query parameters. */
  urlParams: readonly string[]
  hasUtm: boolean
  referrer: ReferrerKind
}

const utmFields = ['source', 'medium', 'campaign', 'term', 'content'] as const

/**
 * The signals of a touch. URLs are read by the platform's parser (the one the contract checks them with); the UTM
 * values a producer states win over the page URL's `utm_*` parameters of the same name. Values are trimmed and bounded
 * as ids (one may become the campaign id: boundedId.ts), and a value that is only whitespace counts as absent, as
 * analytics tools treat `utm_medium=`.
 */
export function touchSignals(touch: RawTouch): TouchSignals {
  const page = touch.url === undefined ? undefined : parseTouchUrl(touch.url)
  const from = touch.referrer === undefined ? undefined : parseTouchUrl(touch.referrer)
  const params = page?.searchParams
  const utm = Object.fromEntries(
    utmFields.map((field) => [field, boundedId(touch.utm?.[field]) ?? boundedId(params?.get(`utm_${field}`) ?? undefined)]),
  ) as Record<(typeof utmFields)[number], string | undefined>
  const urlHost = hostOf(page)
  const referrerHost = hostOf(from)
  return {
    touchType: touch.touchType,
    utmSource: utm.source,
    utmMedium: utm.medium,
    utmCampaign: utm.campaign,
    utmTerm: utm.term,
    utmContent: utm.content,
    referrerHost,
    urlHost,
    urlPath: page === undefined ? undefined : decoded(page.pathname),
    urlParams: params === undefined ? [] : [...new Set(params.keys())],
    hasUtm: utmFields.some((field) => utm[field] !== undefined),
    referrer: referrerKind(referrerHost, from !== undefined, urlHost),
  }
}

/** A referrer on the page's own site (`www.` aside) is a visit going on, not one arriving. */
function referrerKind(referrerHost: string | undefined, hasReferrer: boolean, urlHost: string | undefined): ReferrerKind {
  if (!hasReferrer) return 'none'
  if (referrerHost !== undefined && urlHost !== undefined && withoutWww(referrerHost) === withoutWww(urlHost)) return 'same-site'
  return 'other-site'
}

/** The host as the parser gives it (lower case, punycode), without a trailing dot (`google.com.` is google.com). */
function hostOf(url: URL | undefined): string | undefined {
  const host = url?.hostname.replace(/\.$/, '')
  return host === undefined || host === '' ? undefined : host
}

const withoutWww = (host: string) => host.replace(/^www\./, '')

/** A path as people write it in patterns (`/preços`), not percent-encoded; kept as sent when it does not decode. */
function decoded(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
