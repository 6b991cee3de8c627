import { DAY, HOUR, workingMoment } from './clock.ts'
import type { Draft } from './draft.ts'
import type { AccountProfile, PersonProfile } from './firmographics.ts'
import type { Journey, PlannedTouch } from './journey.ts'
import { type Random, weighted } from './random.ts'
import { followUpRateOf, salesReps } from './salesTeam.ts'
import { isBuyingIntent } from './webContent.ts'

export interface Handoff {
  personId: string
  ownerId: string
  at: number
  reason: string
  /** Undefined when sales never followed the lead up. */
  outcome?: { at: number; accepted: true } | { at: number; accepted: false; reason: string }
  activities: { at: number; activityType: string }[]
}

/** Score at which marketing automation hands a person to sales: fit plus engagement, intent weighing most. */
const handoffThreshold = 50

/**
 * Whether and when a person is handed to sales, and what sales does with it. Marketing scores fit and engagement
 * (anonymous touches count once their cookie is linked); the first touch after identification that lifts the score
 * over the threshold triggers the handoff. Acceptance depends on the fit sales sees, and some reps never follow up.
 */
export function planHandoff(journey: Journey, account: AccountProfile, rng: Random): Handoff | undefined {
  const linked = new Set(journey.touches.flatMap((touch) => touch.links ?? []))
  let score = fitScore(journey.person, account)
  for (const touch of journey.touches) {
    if (touch.personId === undefined && !linked.has(touch.anonymousId ?? '')) continue
    score += engagementScore(touch)
    if (touch.at >= journey.identifiedAt && score >= handoffThreshold) {
      return handOff(journey.person, account, touch, rng)
    }
  }
  return undefined
}

export function handoffDrafts(handoff: Handoff): Draft[] {
  const { personId, ownerId } = handoff
  const drafts: Draft[] = [
    { at: handoff.at, source: 'crm', type: 'lead.handed_off', data: { personId, ownerId, reason: handoff.reason } },
  ]
  const outcome = handoff.outcome
  if (outcome?.accepted === true) {
    drafts.push({ at: outcome.at, source: 'crm', type: 'lead.accepted', data: { personId, ownerId } })
  } else if (outcome?.accepted === false) {
    const data = { personId, ownerId, reason: outcome.reason }
    drafts.push({ at: outcome.at, source: 'crm', type: 'lead.rejected', data })
  }
  for (const { at, activityType } of handoff.activities) {
    drafts.push({ at, source: 'crm', type: 'sales.activity.logged', data: { personId, ownerId, activityType } })
  }
  return drafts
}

function handOff(person: PersonProfile, account: AccountProfile, trigger: PlannedTouch, rng: Random): Handoff {
  // Most leads go to the account's owner; the rest are routed round-robin (holidays, overflow).
  const ownerId = rng.chance(0.9) ? account.ownerId : rng.pick(salesReps).id
  const at = workingMoment(trigger.at + rng.logNormal(2 * HOUR, 1), account.region, rng)
  const handoff: Handoff = { personId: person.id, ownerId, at, reason: reasonFor(trigger), activities: [] }
  if (!rng.chance(followUpRateOf(ownerId))) return handoff

  const decidedAt = workingMoment(at + Math.min(21 * DAY, rng.logNormal(20 * HOUR, 1.1)), account.region, rng)
  if (!rng.chance(acceptance(person, account, trigger))) {
    const reason = rejectionReason(person, account, trigger, rng)
    return { ...handoff, outcome: { at: decidedAt, accepted: false, reason } }
  }
  let activityAt = decidedAt
  for (let count = rng.int(1, 5); count > 0; count--) {
    activityAt = workingMoment(activityAt + rng.between(0.2, 6) * DAY, account.region, rng)
    handoff.activities.push({ at: activityAt, activityType: rng.choose(activityTypes) })
  }
  return { ...handoff, outcome: { at: decidedAt, accepted: true } }
}

function fitScore(person: PersonProfile, account: AccountProfile): number {
  const seniority = { 'C-level': 15, VP: 15, Director: 10, Manager: 5, 'Individual Contributor': 0 }[person.seniority]
  const size = { Enterprise: 10, 'Mid-Market': 5, SMB: 0 }[account.segment]
  return seniority + size
}

function engagementScore(touch: PlannedTouch): number {
  switch (touch.touchType) {
    case 'form_fill':
      if (touch.content === '/demo' || touch.content === '/contact-sales') return 60
      return touch.content === '/free-trial' ? 40 : 15
    case 'page_view':
    case 'email_click':
      return isBuyingIntent(touch.content) ? 15 : 3
    case 'chat':
      return 20
    case 'webinar_attended':
    case 'event_attended':
      return 15
    case 'content_download':
      return 10
    case 'webinar_registered':
      return 5
    case 'ad_click':
      return 2
    case 'email_open':
      return 1
    default:
      return 0
  }
}

function reasonFor(trigger: PlannedTouch): string {
  if (trigger.touchType === 'form_fill' && trigger.content === '/demo') return 'demo request'
  if (trigger.touchType === 'form_fill' && trigger.content === '/contact-sales') return 'contact sales request'
  if (trigger.touchType === 'form_fill' && trigger.content === '/free-trial') return 'trial signup'
  if (trigger.touchType === 'chat') return 'chat conversation'
  if (isBuyingIntent(trigger.content)) return 'pricing and demo page visits'
  if (trigger.touchType === 'webinar_attended' || trigger.touchType === 'event_attended') return 'event engagement'
  return 'lead score threshold'
}

/** Sales accepts what looks like a buyer: senior people at companies with budget who asked to talk. */
function acceptance(person: PersonProfile, account: AccountProfile, trigger: PlannedTouch): number {
  let probability = 0.56
  if (isBuyingIntent(trigger.content) || trigger.touchType === 'chat') probability += 0.15
  if (person.seniority === 'Individual Contributor') probability -= 0.2
  if (person.seniority === 'VP' || person.seniority === 'C-level') probability += 0.08
  if (account.segment === 'SMB') probability -= 0.1
  if (account.segment === 'Enterprise') probability += 0.05
  return Math.min(0.9, Math.max(0.1, probability))
}

/** The reason follows the lead's weakest side, so rejection reasons tell marketing what to fix. */
function rejectionReason(person: PersonProfile, account: AccountProfile, trigger: PlannedTouch, rng: Random): string {
  const juniority = { 'Individual Contributor': 4, Manager: 2, Director: 0.6, VP: 0.3, 'C-level': 0.2 }[
    person.seniority
  ]
  const smallness = { SMB: 3, 'Mid-Market': 1.2, Enterprise: 0.6 }[account.segment]
  const lowIntent = isBuyingIntent(trigger.content) ? 0.8 : 2
  return rng.choose(
    weighted([
      ['not decision maker', juniority],
      ['no budget', smallness],
      ['bad timing', lowIntent],
      ['duplicate', 0.35],
    ]),
  )
}

const activityTypes = weighted([
  ['call', 35],
  ['email', 30],
  ['meeting', 20],
  ['demo', 15],
])
