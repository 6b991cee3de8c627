import { latestTimeMs } from '@attribution/contracts'
import { msPerDay } from '../journey.ts'
import type { Attributes, LeadDefinition } from './definition.ts'
import { byOccurredAtThenEventId } from './factOrder.ts'
import { fitScore, qualifies, scoreAt, touchMatches, type LeadTouch, type Profile, type Score } from './scoring.ts'

/**
 * Where a person stands. The main line is known -> mql -> sal -> sql -> won | lost; `rejected` (sales turned the
 * lead down) and `recycled` (back to marketing's nurture) are the ways back.
 */
export type Stage = 'known' | 'mql' | 'sal' | 'sql' | 'won' | 'lost' | 'rejected' | 'recycled'

interface FactBase {
  /** Unique per fact; orders facts at the same instant. */
  eventId: string
  /** Business time in epoch milliseconds. */
  occurredAt: number
}

/**
 * One fact of a person's history, taken from the events about them, their account and their deals. The lifecycle
 * is derived from these and nothing else: no stage is ever read from a source system.
 */
export type PersonFact =
  /** `identified: false` for a touch made under an anonymous id later linked to the person (default true). */
  | (LeadTouch & { kind: 'touch'; identified?: boolean })
  /** `accountId`: the person works for that account from now on. Attributes merge into the ones known so far. */
  | (FactBase & { kind: 'person_updated'; accountId?: string; attributes?: Attributes })
  /** Updates of any account the person works for, now or later; only the current account's attributes count. */
  | (FactBase & { kind: 'account_updated'; accountId: string; attributes?: Attributes })
  /** `ownerId`: the sales rep the lead was handed to, or who accepted, rejected or worked it. */
  | (FactBase & { kind: 'handed_off' | 'accepted' | 'sales_activity'; ownerId?: string })
  | (FactBase & { kind: 'rejected'; ownerId?: string; reason?: string })
  /** The person became a contact of the deal: its creation, or the update that added them. */
  | (FactBase & { kind: 'deal_created'; dealId: string })
  | (FactBase & { kind: 'deal_won' | 'deal_lost'; dealId: string })

export interface Transition {
  stage: Stage
  /** The stage left; absent on the first transition (to `known`). */
  from?: Stage
  at: number
  /** The fact that caused it; for `recycled`, the fact that started the clock that ran out (the MQL or rejection). */
  eventId: string
  /** On `mql`: the score that qualified, rule by rule (why sales got this lead). */
  score?: Score
  /** On `recycled`: which clock ran out. */
  cause?: 'no_follow_up' | 'after_rejection'
  /** On `rejected`: the reason sales gave. */
  reason?: string
}

/** One time a person became an MQL, and what sales did about it: the raw material of handoff health. */
export interface Qualification {
  at: number
  eventId: string
  /** The latest touch at or before qualifying (anonymous ones included): the campaign that tipped the lead over. */
  lastTouch?: { campaignId: string; channel: string }
  /** The sales rep who owns the lead: of the first hand-off, else of the first follow-up. */
  ownerId?: string
  /** The first hand-off while this qualification was open. */
  handedOffAt?: number
  /** When follow-up was due under the definition's `slaHours`. */
  followUpDueAt?: number
  /** The first acceptance, rejection or sales activity after qualifying. Absent: never followed up. */
  followedUpAt?: number
  followUpEventId?: string
  /** When the person left `mql`, and for which stage; absent while still an MQL. */
  endedAt?: number
  endedAs?: Stage
  /** When it ended in `rejected`: the reason sales gave. */
  endReason?: string
}

export interface Lifecycle {
  /** Absent while nothing has identified the person (only anonymous touches so far). */
  stage?: Stage
  transitions: Transition[]
  qualifications: Qualification[]
  /** The score as of `asOf`, counting behaviour since the last recycle. */
  score: Score
}

export interface LifecycleOptions {
  /**
   * The moment the lifecycle is computed for. Facts after it are left out, and recycle clocks that ran out by then
   * fire. Pass the same instant to get the same result: the lifecycle never reads the clock.
   */
  asOf: number
}

/**
 * A person's lifecycle under a lead definition, from their facts in any order (they are sorted by occurredAt, then
 * eventId; repeated eventIds count once). The rules, documented for users in docs/lead-definitions.md:
 *
 * - `known` at the first fact that names the person (anything but an anonymous touch or an account update).
 * - `mql` from known or recycled when, at a fact, behaviour plus fit at that instant reaches `mql.threshold` and every
 *   `mql.requireFit` rule holds. Scores only rise at facts (decay only lowers them), so checking at facts is exact.
 *   A score that decays below the threshold later does not undo the MQL.
 * - `sal` at `lead.accepted`, from known, mql, rejected or recycled: sales may accept a lead marketing did not qualify
 *   (the transition's `from` shows it).
 * - `rejected` at `lead.rejected`, from known, mql, sal or recycled; another rejection restarts its recycle clock.
 * - `sql` when the person becomes a contact of a deal, from any stage but won (and sql): also before any MQL, and
 *   after a lost deal.
 * - `won` when one of their deals is won, from any stage. Won is final: later facts change no stage.
 * - `lost` when a deal is lost and the person is on no other open deal. A new deal brings them back to sql.
 * - `recycled` from mql when no acceptance, rejection or sales activity followed within `recycle.noFollowUpDays`,
 *   or from rejected `recycle.afterRejectionDays` after the rejection. The behaviour score starts again from zero:
 *   only touches after the recycle count towards qualifying again; fit is kept (it describes the person).
 * - A recycle due at the same instant as a fact fires after it: a follow-up exactly on the deadline is in time.
 */
export function lifecycleOf(
  definition: LeadDefinition,
  facts: readonly PersonFact[],
  { asOf }: LifecycleOptions,
): Lifecycle {
  if (Number.isNaN(asOf)) throw new RangeError('asOf must be a time, got NaN')
  const run = new LifecycleRun(definition)
  for (const fact of inFactOrder(facts, asOf)) {
    run.recycleIfDue(fact.occurredAt, 'before')
    run.apply(fact)
  }
  run.recycleIfDue(asOf, 'at or before')
  return run.result(asOf)
}

const hourMs = 3_600_000
const acceptedFrom = new Set<Stage>(['known', 'mql', 'rejected', 'recycled'])
// A second rejection while rejected changes no stage but restarts the recycle clock.
const rejectedFrom = new Set<Stage>(['known', 'mql', 'sal', 'recycled', 'rejected'])

/** The state of one left fold over a person's facts. */
class LifecycleRun {
  private stage: Stage | undefined
  private readonly transitions: Transition[] = []
  private readonly qualifications: Qualification[] = []
  private open: Qualification | undefined
  private rejection: { at: number; eventId: string } | undefined
  private readonly touches: LeadTouch[] = []
  /** Touches at or before this instant no longer count: the last recycle. */
  private behaviourSince = -Infinity
  /** Per behaviour rule, how many counted touches match it: bounds the score from above without decay (see mayQualify). */
  private readonly matchingTouches: number[]
  private readonly person: Record<string, Attributes[string]> = {}
  private accountId: string | undefined
  private readonly accounts = new Map<string, Record<string, Attributes[string]>>()
  private readonly openDeals = new Set<string>()

  constructor(private readonly definition: LeadDefinition) {
    this.matchingTouches = definition.behaviour.map(() => 0)
  }

  apply(fact: PersonFact): void {
    this.record(fact)
    let stage = this.stage
    if (stage === undefined) {
      if (!identifies(fact)) return
      stage = this.move('known', fact.occurredAt, fact.eventId)
    }
    this.react(fact, stage)
    if (this.stage === 'known' || this.stage === 'recycled') this.qualify(fact)
  }

  recycleIfDue(now: number, when: 'before' | 'at or before'): void {
    const due = this.recycleDue()
    // A deadline past the last time any store holds never comes: no fact can follow it, nor could it be stored.
    if (due === undefined || due.at > latestTimeMs || due.at > now || (due.at === now && when === 'before')) return
    this.move('recycled', due.at, due.eventId, { cause: due.cause })
    this.behaviourSince = due.at
    // Every touch recorded so far happened at or before the recycle: none counts any more.
    this.matchingTouches.fill(0)
  }

  result(asOf: number): Lifecycle {
    const [definition, touches, profile] = [this.definition, this.countedTouches(), this.profile()]
    let score: Score | undefined
    return {
      ...(this.stage === undefined ? {} : { stage: this.stage }),
      transitions: this.transitions,
      qualifications: this.qualifications,
      // Computed when read: a replay derives millions of lifecycles and reads only their transitions.
      get score() {
        score ??= scoreAt(definition, touches, profile, asOf)
        return score
      },
    }
  }

  /** What the fact says about the person, whatever their stage. */
  private record(fact: PersonFact): void {
    switch (fact.kind) {
      case 'touch':
        this.touches.push(fact)
        this.definition.behaviour.forEach((rule, index) => {
          if (touchMatches(rule.match, fact)) this.matchingTouches[index] = (this.matchingTouches[index] ?? 0) + 1
        })
        break
      case 'person_updated':
        Object.assign(this.person, fact.attributes)
        if (fact.accountId !== undefined) this.accountId = fact.accountId
        break
      case 'account_updated':
        this.accounts.set(fact.accountId, { ...this.accounts.get(fact.accountId), ...fact.attributes })
        break
      case 'deal_created':
        this.openDeals.add(fact.dealId)
        break
      case 'deal_won':
      case 'deal_lost':
        this.openDeals.delete(fact.dealId)
        break
    }
  }

  /** The transition the fact causes, if any. */
  private react(fact: PersonFact, stage: Stage): void {
    switch (fact.kind) {
      case 'handed_off':
        // The first hand-off names the owner, even when a rep worked the lead before it was handed over.
        if (this.open !== undefined && this.open.handedOffAt === undefined) {
          this.open.handedOffAt = fact.occurredAt
          if (fact.ownerId !== undefined) this.open.ownerId = fact.ownerId
        }
        break
      case 'sales_activity':
        this.followUp(fact)
        break
      case 'accepted':
        this.followUp(fact)
        if (acceptedFrom.has(stage)) this.move('sal', fact.occurredAt, fact.eventId)
        break
      case 'rejected':
        this.followUp(fact)
        if (rejectedFrom.has(stage)) {
          this.rejection = { at: fact.occurredAt, eventId: fact.eventId }
          const reason = fact.reason === undefined ? {} : { reason: fact.reason }
          if (stage !== 'rejected') this.move('rejected', fact.occurredAt, fact.eventId, reason)
        }
        break
      case 'deal_created':
        if (stage !== 'sql' && stage !== 'won') this.move('sql', fact.occurredAt, fact.eventId)
        break
      case 'deal_won':
        if (stage !== 'won') this.move('won', fact.occurredAt, fact.eventId)
        break
      case 'deal_lost':
        if (stage !== 'won' && stage !== 'lost' && this.openDeals.size === 0) {
          this.move('lost', fact.occurredAt, fact.eventId)
        }
        break
    }
  }

  private qualify(fact: PersonFact): void {
    const profile = this.profile()
    if (!this.mayQualify(profile)) return
    const score = scoreAt(this.definition, this.countedTouches(), profile, fact.occurredAt)
    if (!qualifies(this.definition, score, profile)) return
    this.move('mql', fact.occurredAt, fact.eventId, { score })
    const slaHours = this.definition.slaHours
    const lastTouch = this.touches.at(-1)
    this.open = {
      at: fact.occurredAt,
      eventId: fact.eventId,
      ...(lastTouch === undefined ? {} : { lastTouch: { campaignId: lastTouch.campaignId, channel: lastTouch.channel } }),
      // Past the last time any store holds, a follow-up is due at that time: every follow-up that can happen is in
      // time either way, and the deadline stays storable.
      ...(slaHours === undefined ? {} : { followUpDueAt: Math.min(fact.occurredAt + slaHours * hourMs, latestTimeMs) }),
    }
    this.qualifications.push(this.open)
  }

  private followUp(fact: Extract<PersonFact, { ownerId?: string }>): void {
    if (this.open === undefined || this.open.followedUpAt !== undefined) return
    this.open.followedUpAt = fact.occurredAt
    this.open.followUpEventId = fact.eventId
    // Without a hand-off (yet), whoever followed up owns the lead.
    if (fact.ownerId !== undefined) this.open.ownerId ??= fact.ownerId
  }

  private recycleDue(): { at: number; eventId: string; cause: 'no_follow_up' | 'after_rejection' } | undefined {
    const { noFollowUpDays, afterRejectionDays } = this.definition.recycle
    const open = this.open
    if (this.stage === 'mql' && open !== undefined && open.followedUpAt === undefined && noFollowUpDays !== undefined) {
      return { at: open.at + noFollowUpDays * msPerDay, eventId: open.eventId, cause: 'no_follow_up' }
    }
    if (this.stage === 'rejected' && this.rejection !== undefined && afterRejectionDays !== undefined) {
      const { at, eventId } = this.rejection
      return { at: at + afterRejectionDays * msPerDay, eventId, cause: 'after_rejection' }
    }
    return undefined
  }

  private move(stage: Stage, at: number, eventId: string, details: Partial<Transition> = {}): Stage {
    const from = this.stage
    if (from === 'mql' && this.open !== undefined) {
      this.open.endedAt = at
      this.open.endedAs = stage
      if (details.reason !== undefined) this.open.endReason = details.reason
      this.open = undefined
    }
    this.transitions.push({ stage, at, eventId, ...(from === undefined ? {} : { from }), ...details })
    this.stage = stage
    return stage
  }

  /**
   * A cheap upper bound first: every matching touch at full points (decay only lowers them), capped, plus fit. Most
   * facts of most persons fall short of it, and a replay derives millions of lifecycles, so the exact score with its
   * decay is computed only when the bound reaches the threshold. The margin absorbs floating-point rounding.
   */
  private mayQualify(profile: Profile): boolean {
    const behaviour = this.definition.behaviour.reduce((total, rule, index) => {
      const full = rule.points * (this.matchingTouches[index] ?? 0)
      return total + (rule.cap === undefined ? full : Math.min(full, rule.cap))
    }, 0)
    const fit = fitScore(this.definition.fit, profile).reduce((total, rule) => total + rule.points, 0)
    return behaviour + fit + 1e-9 >= this.definition.mql.threshold
  }

  private countedTouches(): LeadTouch[] {
    return this.touches.filter((touch) => touch.occurredAt > this.behaviourSince)
  }

  private profile(): Profile {
    const account = this.accountId === undefined ? undefined : this.accounts.get(this.accountId)
    return { person: this.person, account: account ?? {} }
  }
}

function identifies(fact: PersonFact): boolean {
  if (fact.kind === 'touch') return fact.identified !== false
  return fact.kind !== 'account_updated'
}

/** Facts up to `asOf` in business-time order; a fact delivered twice (same eventId and kind) counts once. */
function inFactOrder(facts: readonly PersonFact[], asOf: number): PersonFact[] {
  const sorted = facts
    .filter((fact) => fact.occurredAt <= asOf)
    .sort((a, b) => byOccurredAtThenEventId(a, b) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
  return sorted.filter((fact, index) => {
    const previous = sorted[index - 1]
    return previous === undefined || fact.eventId !== previous.eventId || fact.kind !== previous.kind
  })
}
