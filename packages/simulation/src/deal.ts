import { DAY, HOUR, workingMoment } from './clock.ts'
import type { Draft } from './draft.ts'
import type { AccountProfile, Segment } from './firmographics.ts'
import { type Random, weighted } from './random.ts'

export interface DealPlan {
  id: string
  accountId: string
  createdAt: number
  /** The amount at creation; stage updates may change it later. */
  initialAmount: number
  contactIds: string[]
  isNewBusiness: boolean
  updates: { at: number; stage: string; amount?: number }[]
  /** Undefined for a deal that stalls and is still open. */
  close?: { at: number; won: true; amount?: number } | { at: number; won: false; reason: string }
}

/** Median deal size and sales cycle per segment; sizes spread over two orders of magnitude across segments. */
const sizing: Record<Segment, { medianAmount: number; medianCycleDays: number }> = {
  SMB: { medianAmount: 12_000, medianCycleDays: 40 },
  'Mid-Market': { medianAmount: 40_000, medianCycleDays: 70 },
  Enterprise: { medianAmount: 120_000, medianCycleDays: 110 },
}

const stages = ['Discovery', 'Proposal', 'Negotiation'] as const

/**
 * A deal's life from creation to close. Expansion deals at existing customers are the majority and win more often;
 * new logos are a minority of deals and an even smaller share of won revenue, as in most B2B businesses.
 */
export function planDeal(account: AccountProfile, createdAt: number, contactIds: string[], rng: Random): DealPlan {
  const { medianAmount, medianCycleDays } = sizing[account.segment]
  const isNewBusiness = !account.isCustomer
  const initialAmount = dealAmount(rng.logNormal(medianAmount, 0.75), rng)
  let amount = initialAmount
  const cycle = Math.max(14 * DAY, rng.logNormal(medianCycleDays * DAY, 0.5))
  const roll = rng.next()
  const outcome = roll < 0.04 ? 'stalled' : roll < 0.04 + (isNewBusiness ? 0.18 : 0.32) ? 'won' : 'lost'
  // Won deals went through every stage; lost and stalled ones stopped somewhere on the way.
  const reached = outcome === 'won' ? stages.length : rng.int(0, stages.length)

  const updates: DealPlan['updates'] = []
  let at = createdAt
  for (let index = 0; index < reached; index++) {
    const due = createdAt + ((index + 1) / (stages.length + 1)) * cycle
    at = workingMoment(Math.max(at + HOUR, due), account.region, rng)
    if (!rng.chance(0.75)) continue
    const stage = stages[index] ?? 'Discovery'
    if (rng.chance(0.3)) {
      amount = dealAmount(amount * rng.between(0.7, 1.3), rng)
      updates.push({ at, stage, amount })
    } else {
      updates.push({ at, stage })
    }
  }
  const id = account.id.replace('acct-', 'deal-')
  const plan: DealPlan = { id, accountId: account.id, createdAt, initialAmount, contactIds, isNewBusiness, updates }
  if (outcome === 'stalled') return plan
  const closeAt = workingMoment(Math.max(at + HOUR, createdAt + cycle), account.region, rng)
  if (outcome === 'lost') return { ...plan, close: { at: closeAt, won: false, reason: rng.choose(lossReasons) } }
  // A last-minute discount: the won amount differs from the pipeline amount.
  const discounted = rng.chance(0.3) ? dealAmount(amount * rng.between(0.85, 0.98), rng) : undefined
  if (discounted === undefined) return { ...plan, close: { at: closeAt, won: true } }
  return { ...plan, close: { at: closeAt, won: true, amount: discounted } }
}

export function dealDrafts(deal: DealPlan, currency: string): Draft[] {
  const dealId = deal.id
  const drafts: Draft[] = [
    {
      at: deal.createdAt,
      source: 'crm',
      type: 'deal.created',
      data: {
        dealId,
        accountId: deal.accountId,
        amount: deal.initialAmount,
        currency,
        contactIds: deal.contactIds,
        isNewBusiness: deal.isNewBusiness,
      },
    },
  ]
  for (const { at, stage, amount } of deal.updates) {
    const data = amount === undefined ? { dealId, stage } : { dealId, stage, amount }
    drafts.push({ at, source: 'crm', type: 'deal.updated', data })
  }
  const close = deal.close
  if (close?.won === true) {
    const data = close.amount === undefined ? { dealId } : { dealId, amount: close.amount }
    drafts.push({ at: close.at, source: 'crm', type: 'deal.won', data })
  } else if (close?.won === false) {
    drafts.push({ at: close.at, source: 'crm', type: 'deal.lost', data: { dealId, reason: close.reason } })
  }
  return drafts
}

/** Clamped to 5,000..500,000; most quotes are round hundreds, seat-based ones come out to the cent. */
function dealAmount(raw: number, rng: Random): number {
  const clamped = Math.min(500_000, Math.max(5_000, raw))
  return rng.chance(0.7) ? Math.round(clamped / 100) * 100 : Math.round(clamped * 100) / 100
}

const lossReasons = weighted([
  ['lost to competitor', 30],
  ['no decision', 30],
  ['price', 15],
  ['timing', 15],
  ['missing feature', 10],
])
