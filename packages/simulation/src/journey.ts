import type { CampaignCatalog } from './campaignCatalog.ts'
import type { Channel } from './channels.ts'
import { DAY, browsingMoment } from './clock.ts'
import type { Draft } from './draft.ts'
import type { AccountProfile, PersonProfile } from './firmographics.ts'
import type { Random } from './random.ts'
import { type TouchRecipe, anonymousTouch, formFill, identifiedTouch, offlineIdentification } from './touchRecipes.ts'

export interface PlannedTouch extends TouchRecipe {
  at: number
  campaignId: string
  /** Set once the person is known; before that the tracker only has a cookie. */
  personId?: string
  anonymousId?: string
  /** Known persons carry their account; anonymous visits only when a reverse-IP lookup resolved the company. */
  accountKnown: boolean
  /** Cookies this form fill ties to the person; an `identity.linked` for each follows the touch at the same instant. */
  links?: string[]
}

export interface Journey {
  person: PersonProfile
  /** When marketing first knew the person by name: their `person.updated` is stamped with this moment. */
  identifiedAt: number
  touches: PlannedTouch[]
}

/**
 * One person's touches, spread over weeks to months. Most people browse anonymously until a form fill names them
 * (touches before carry their cookie, from the fill on their personId); some are first known off the website (a badge
 * scan, a syndicated download) and may fill a form later, which is when their cookie gets linked.
 */
export function planJourney(
  person: PersonProfile,
  account: AccountProfile,
  startAt: number,
  catalog: CampaignCatalog,
  rng: Random,
): Journey {
  // 2 to 15 touches, fewer more often than many.
  const count = 2 + Math.floor(rng.next() ** 1.8 * 14)
  const span = Math.min(240 * DAY, Math.max(7 * DAY, rng.logNormal(45 * DAY, 0.8)))
  const times = [browsingMoment(startAt, account.region, rng)]
  for (let index = 1; index < count; index++) {
    times.push(browsingMoment(startAt + rng.next() * span, account.region, rng))
  }
  times.sort((a, b) => a - b)

  const knownOffline = rng.chance(0.15)
  const formIndex = formFillIndex(count, knownOffline, rng)
  // A second cookie is a second device or a cleared browser: both get linked at the form fill.
  const cookies = rng.chance(0.15) ? [rng.uuid(), rng.uuid()] : [rng.uuid()]
  const usedCookies: string[] = []

  const touches: PlannedTouch[] = []
  for (let index = 0; index < count; index++) {
    const at = times[index] ?? startAt
    const progress = index / (count - 1)
    const afterFormFill = formIndex !== undefined && index > formIndex
    if (index === formIndex) {
      touches.push(plannedTouch(formFill(rng), at, catalog, rng, person.id, undefined, [...usedCookies]))
    } else if (knownOffline && index === 0) {
      touches.push(plannedTouch(offlineIdentification(rng), at, catalog, rng, person.id))
    } else if (afterFormFill || (knownOffline && rng.chance(0.5))) {
      // Known offline but not yet on the website: emails reach them by name, their own visits stay anonymous.
      touches.push(plannedTouch(identifiedTouch(rng, progress), at, catalog, rng, person.id))
    } else {
      const cookie = cookies.length > 1 && rng.chance(0.35) ? (cookies[1] ?? '') : (cookies[0] ?? '')
      if (!usedCookies.includes(cookie)) usedCookies.push(cookie)
      touches.push(plannedTouch(anonymousTouch(rng, progress), at, catalog, rng, undefined, cookie))
    }
  }
  const identifiedAt = (knownOffline ? times[0] : times[formIndex ?? 0]) ?? startAt
  return { person, identifiedAt, touches }
}

/**
 * Which touch is the form fill. Web visitors mostly browse a few times first (a tenth fill a form on their first visit);
 * of those known offline, half never fill one and the rest do after browsing at least once more.
 */
function formFillIndex(count: number, knownOffline: boolean, rng: Random): number | undefined {
  if (knownOffline) return count >= 3 && rng.chance(0.5) ? rng.int(2, count - 1) : undefined
  if (rng.chance(0.1)) return 0
  return 1 + Math.floor(rng.next() ** 1.3 * (count - 1))
}

/** A touch as events: the touchpoint, then the identity links a form fill creates at the same instant. */
export function touchDrafts(touch: PlannedTouch, accountId: string): Draft[] {
  const data: Extract<Draft, { type: 'touchpoint.recorded' }>['data'] = {
    campaignId: touch.campaignId,
    channel: touch.channel,
    touchType: touch.touchType,
  }
  if (touch.personId !== undefined) data.personId = touch.personId
  if (touch.anonymousId !== undefined) data.anonymousId = touch.anonymousId
  if (touch.accountKnown) data.accountId = accountId
  if (touch.content !== undefined) data.content = touch.content
  const drafts: Draft[] = [{ at: touch.at, source: sourceOf(touch.channel), type: 'touchpoint.recorded', data }]
  const personId = touch.personId
  if (personId === undefined) return drafts
  for (const anonymousId of touch.links ?? []) {
    drafts.push({ at: touch.at, source: 'web-tracker', type: 'identity.linked', data: { anonymousId, personId } })
  }
  return drafts
}

/** Someone from the account who browses a few times and is never identified. */
export function planVisitor(
  account: AccountProfile,
  startAt: number,
  catalog: CampaignCatalog,
  rng: Random,
): PlannedTouch[] {
  const cookie = rng.uuid()
  const count = rng.int(1, 4)
  const touches: PlannedTouch[] = []
  for (let index = 0; index < count; index++) {
    const at = browsingMoment(startAt + rng.next() * 30 * DAY, account.region, rng)
    touches.push(plannedTouch(anonymousTouch(rng, 0), at, catalog, rng, undefined, cookie))
  }
  return touches.sort((a, b) => a.at - b.at)
}

/** A known contact's touch while their deal is open: the touches a full-path model's closed-won milestone needs. */
export function opportunityTouch(
  person: PersonProfile,
  at: number,
  catalog: CampaignCatalog,
  rng: Random,
): PlannedTouch {
  return plannedTouch(identifiedTouch(rng, 1), at, catalog, rng, person.id)
}

/** Known by personId or by cookie (never both); every touch object has the same shape, which keeps this path fast. */
function plannedTouch(
  recipe: TouchRecipe,
  at: number,
  catalog: CampaignCatalog,
  rng: Random,
  personId: string | undefined,
  anonymousId?: string,
  links?: string[],
): PlannedTouch {
  return {
    channel: recipe.channel,
    touchType: recipe.touchType,
    content: recipe.content,
    at,
    campaignId: catalog.pick(recipe.channel, at, rng).id,
    personId,
    anonymousId,
    accountKnown: personId !== undefined || rng.chance(0.4),
    links,
  }
}

const automatedChannels: ReadonlySet<Channel> = new Set<Channel>(['email', 'webinar', 'events', 'content_syndication'])

/** The system a touch arrives from: the marketing automation platform for programmes it runs, else the web tracker. */
function sourceOf(channel: Channel): string {
  return automatedChannels.has(channel) ? 'marketing-automation' : 'web-tracker'
}
