import type { CampaignCatalog } from './campaignCatalog.ts'
import { DAY, HOUR, MINUTE, SECOND, type Window, browsingMoment, workingMoment } from './clock.ts'
import { type DealPlan, dealDrafts, planDeal } from './deal.ts'
import type { Draft } from './draft.ts'
import {
  type AccountProfile,
  accountAttributes,
  buyingCommitteeSize,
  makeAccount,
  makePerson,
  personAttributes,
} from './firmographics.ts'
import { type Handoff, handoffDrafts, planHandoff } from './handoff.ts'
import { type Journey, type PlannedTouch, opportunityTouch, planJourney, planVisitor, touchDrafts } from './journey.ts'
import type { Random } from './random.ts'

export interface AccountSetting {
  window: Window
  catalog: CampaignCatalog
  currency: string
}

/** Chance that an account with an accepted lead opens a deal: bigger companies have more to buy. */
const dealChance = { SMB: 0.6, 'Mid-Market': 0.7, Enterprise: 0.8 } as const

/** DOMAIN.md: "2-15 touches per person before a deal". */
const fewestTouches = 2
const mostTouches = 15

/**
 * Everything one account does, as unordered drafts: the account, its buying committee's journeys, handoffs to sales
 * and at most one deal. Planning runs forward in business time (touches, then handoffs, then the deal), and every
 * reference points back in time, so cutting the history at the window's end never leaves a dangling id.
 */
export function accountDrafts(index: number, setting: AccountSetting, rng: Random): Draft[] {
  const { window, catalog } = setting
  const account = makeAccount(index, rng)
  // Start early enough that something happens before the window closes; late starters are still in progress.
  const firstTouchAt = window.start + rng.next() * Math.max(0, window.end - window.start - 21 * DAY)

  const journeys: Journey[] = []
  for (let ordinal = 0, size = buyingCommitteeSize(account, rng); ordinal < size; ordinal++) {
    const startAt = ordinal === 0 ? firstTouchAt : firstTouchAt + rng.exponential(30 * DAY)
    journeys.push(planJourney(makePerson(account, ordinal, rng), account, startAt, catalog, rng))
  }
  const visits: PlannedTouch[] = []
  for (let count = rng.int(0, 2); count > 0; count--) {
    visits.push(...planVisitor(account, firstTouchAt + rng.between(0, 120 * DAY), catalog, rng))
  }
  let handoffs = journeys.map((journey) => planHandoff(journey, account, rng))

  const acceptedAt = handoffs.map((handoff) => (handoff?.outcome?.accepted === true ? handoff.outcome.at : Infinity))
  const firstAcceptedAt = Math.min(...acceptedAt)
  let deal: DealPlan | undefined
  if (firstAcceptedAt < Infinity && rng.chance(dealChance[account.segment])) {
    const createdAt = workingMoment(firstAcceptedAt + rng.logNormal(12 * DAY, 0.7), account.region, rng)
    // The deal's contacts are the people known by then who have a journey behind them.
    const contacts = journeys.filter(
      (journey) => journey.identifiedAt < createdAt && knownTouchesBefore(journey, createdAt) >= fewestTouches,
    )
    if (contacts.length > 0) {
      // The deal ends its contacts' buying journeys: their remaining planned touches and handoffs never happen.
      for (const contact of contacts) contact.touches = contact.touches.filter((touch) => touch.at < createdAt)
      handoffs = handoffs.map((handoff) =>
        handoff !== undefined && handoff.at >= createdAt && isContact(handoff, contacts) ? undefined : handoff,
      )
      deal = planDeal(account, createdAt, contacts.map(({ person }) => person.id), rng)
      addOpportunityTouches(deal, contacts, account, catalog, rng)
    }
  }

  const drafts: Draft[] = [
    {
      at: Math.floor(Math.max(window.start, firstTouchAt - rng.between(HOUR, 5 * DAY)) / SECOND) * SECOND,
      source: 'crm',
      type: 'account.updated',
      data: { accountId: account.id, attributes: accountAttributes(account) },
    },
  ]
  for (const { person, identifiedAt, touches } of journeys) {
    // Before the person's touches so it comes first when the identifying touch has the same instant.
    const data = { personId: person.id, accountId: account.id, attributes: personAttributes(person) }
    drafts.push({ at: identifiedAt, source: 'marketing-automation', type: 'person.updated', data })
    for (const touch of touches) drafts.push(...touchDrafts(touch, account.id))
  }
  for (const touch of visits) drafts.push(...touchDrafts(touch, account.id))
  for (const handoff of handoffs) if (handoff !== undefined) drafts.push(...handoffDrafts(handoff))
  if (deal !== undefined) drafts.push(...dealDrafts(deal, setting.currency), ...becameCustomer(deal, account))
  return drafts
}

/** Touches that can be tied to the person by then: their own, or their cookie's once a form fill linked it. */
function knownTouchesBefore(journey: Journey, at: number): number {
  const earlier = journey.touches.filter((touch) => touch.at < at)
  const linked = new Set(earlier.flatMap((touch) => touch.links ?? []))
  return earlier.filter((touch) => touch.personId !== undefined || linked.has(touch.anonymousId ?? '')).length
}

function isContact(handoff: Handoff, contacts: readonly Journey[]): boolean {
  return contacts.some(({ person }) => person.id === handoff.personId)
}

/** Some contacts keep engaging while the deal is open (a webinar, a pricing page) until it closes. */
function addOpportunityTouches(
  deal: DealPlan,
  contacts: readonly Journey[],
  account: AccountProfile,
  catalog: CampaignCatalog,
  rng: Random,
): void {
  const close = deal.close
  if (close === undefined || !rng.chance(0.4)) return
  for (let count = rng.int(1, 3); count > 0; count--) {
    const contact = rng.pick(contacts)
    const at = browsingMoment(deal.createdAt + rng.next() * (close.at - deal.createdAt), account.region, rng)
    if (at > deal.createdAt && at < close.at && contact.touches.length < mostTouches) {
      contact.touches.push(opportunityTouch(contact.person, at, catalog, rng))
    }
  }
}

/** Winning a new-business deal turns the account into a customer, which the CRM records on the account. */
function becameCustomer(deal: DealPlan, account: AccountProfile): Draft[] {
  if (!deal.isNewBusiness || deal.close?.won !== true) return []
  const at = deal.close.at + 5 * MINUTE
  const data = { accountId: account.id, attributes: { customer: true } }
  return [{ at, source: 'crm', type: 'account.updated', data }]
}
