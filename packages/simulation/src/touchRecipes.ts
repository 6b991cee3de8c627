import type { touchTypes } from '@attribution/contracts'
import type { Channel } from './channels.ts'
import { type Random, weighted } from './random.ts'
import { gatedResource, landingPage, pagePath, webinarPage } from './webContent.ts'

export type TouchType = (typeof touchTypes)[number]

/** What a touch is, before it gets a time, a campaign and an identity. */
export interface TouchRecipe {
  channel: Channel
  touchType: TouchType
  content?: string
}

// Before a form fill only channels that need no known address reach a person: ads, search, referrals.
const anonymousChannels = weighted<Channel>([
  ['paid_search', 24],
  ['organic', 26],
  ['paid_social', 14],
  ['display', 12],
  ['direct', 14],
  ['partner', 6],
])

// Once known, email nurture dominates, and webinars and events reach the person by name.
const identifiedChannels = weighted<Channel>([
  ['email', 42],
  ['organic', 12],
  ['direct', 10],
  ['webinar', 12],
  ['events', 5],
  ['content_syndication', 5],
  ['paid_search', 6],
  ['paid_social', 5],
  ['display', 3],
])

const formFillChannels = weighted<Channel>([
  ['organic', 30],
  ['paid_search', 25],
  ['direct', 18],
  ['paid_social', 12],
  ['display', 5],
  ['partner', 5],
])

const formPages = weighted<string>([
  ['/demo', 18],
  ['/contact-sales', 7],
  ['/free-trial', 10],
  ['gated', 55], // a gated resource, drawn separately
  ['/newsletter', 10],
])

/** A touch from someone the tracker only knows by cookie. */
export function anonymousTouch(rng: Random, progress: number): TouchRecipe {
  const channel = rng.choose(anonymousChannels)
  return webTouch(channel, rng, progress)
}

/** A touch from someone marketing already knows by name. */
export function identifiedTouch(rng: Random, progress: number): TouchRecipe {
  const channel = rng.choose(identifiedChannels)
  switch (channel) {
    case 'email':
      return rng.chance(0.6)
        ? { channel, touchType: 'email_open' }
        : { channel, touchType: 'email_click', content: pagePath(rng, progress) }
    case 'webinar':
      return {
        channel,
        touchType: rng.chance(0.55) ? 'webinar_registered' : 'webinar_attended',
        content: webinarPage(rng),
      }
    case 'events':
      return { channel, touchType: 'event_attended' }
    case 'content_syndication':
      return { channel, touchType: 'content_download', content: gatedResource(rng) }
    case 'direct':
      if (rng.chance(0.15)) return { channel, touchType: 'chat', content: rng.chance(0.5) ? '/pricing' : '/demo' }
      return webTouch(channel, rng, progress)
    default:
      return webTouch(channel, rng, progress)
  }
}

/** The form fill that turns a cookie into a person. */
export function formFill(rng: Random): TouchRecipe {
  const page = rng.choose(formPages)
  return {
    channel: rng.choose(formFillChannels),
    touchType: 'form_fill',
    content: page === 'gated' ? gatedResource(rng) : page,
  }
}

/** A person who becomes known off the website: a badge scan, a syndicated download, a partner-hosted registration. */
export function offlineIdentification(rng: Random): TouchRecipe {
  const roll = rng.next()
  if (roll < 0.45) return { channel: 'events', touchType: 'event_attended' }
  if (roll < 0.8) return { channel: 'content_syndication', touchType: 'content_download', content: gatedResource(rng) }
  return { channel: 'webinar', touchType: 'webinar_registered', content: webinarPage(rng) }
}

function webTouch(channel: Channel, rng: Random, progress: number): TouchRecipe {
  switch (channel) {
    case 'paid_search':
      return { channel, touchType: 'ad_click', content: rng.chance(0.6) ? landingPage(rng) : pagePath(rng, progress) }
    case 'paid_social':
      return rng.chance(0.3) ? { channel, touchType: 'ad_impression' } : adClick(channel, rng)
    case 'display':
      return rng.chance(0.65) ? { channel, touchType: 'ad_impression' } : adClick(channel, rng)
    default:
      return { channel, touchType: 'page_view', content: pagePath(rng, progress) }
  }
}

function adClick(channel: Channel, rng: Random): TouchRecipe {
  return { channel, touchType: 'ad_click', content: landingPage(rng) }
}
