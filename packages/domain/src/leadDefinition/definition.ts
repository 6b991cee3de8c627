/**
 * A lead definition: the shared, versioned rules that say when a person is a marketing-qualified lead. Revenue
 * operations writes it as a YAML or JSON document (see docs/lead-definitions.md); `parseLeadDefinition` checks the
 * document and returns this shape.
 */
export interface LeadDefinition {
  /** Stable across versions: `intent-and-fit`. */
  id: string
  /** A whole number from 1; a changed definition is a new version, so replays can be compared side by side. */
  version: number
  name: string
  description?: string
  behaviour: BehaviourRule[]
  fit: FitRule[]
  mql: MqlRule
  recycle: RecycleRule
  /** How many hours sales has to follow up a new MQL (handoff health); no effect on the lifecycle itself. */
  slaHours?: number
}

/** Points for what a person does: every touch that matches earns the rule's points. */
export interface BehaviourRule {
  name: string
  /** Greater than 0. Negative signals about a person belong in `fit`. */
  points: number
  match: TouchMatch
  /** The points of a touch halve every `halfLifeDays` after it happened; without it they never fade. */
  halfLifeDays?: number
  /** The most this rule can add, however many touches match. */
  cap?: number
}

/**
 * Which touches a behaviour rule counts: a touch matches when it satisfies every field given. A field holding a list
 * is satisfied by any of its entries. `channel`, `campaignId` and `content` are glob patterns (see glob.ts).
 */
export interface TouchMatch {
  touchType?: OneOrMany<string>
  channel?: OneOrMany<string>
  campaignId?: OneOrMany<string>
  content?: OneOrMany<string>
}

export type OneOrMany<T> = T | T[]

/** The value of a person or account attribute, as events carry it. */
export type AttributeValue = string | number | boolean
export type Attributes = Readonly<Record<string, AttributeValue>>

/** Points for who a person is: when the condition holds on the person's or their account's current attribute. */
export type FitRule = {
  name: string
  /** May be negative (students, tiny companies) or 0 (a rule used only as a requirement of `mql.requireFit`). */
  points: number
  subject: 'person' | 'account'
  attribute: string
} & FitCondition

/** Exactly one condition per rule. */
export type FitCondition =
  | { equals: AttributeValue }
  | { in: AttributeValue[] }
  /** Both ends included; either may be left out. */
  | { range: { min?: number; max?: number } }
  | { exists: boolean }
  /** Glob patterns on the attribute's text, e.g. `*student*`; any of a list. */
  | { matches: OneOrMany<string> }

export interface MqlRule {
  /** A person becomes an MQL when behaviour plus fit reaches this score. */
  threshold: number
  /** Names of fit rules whose condition must also hold (whatever their points). */
  requireFit?: string[]
}

/** When a lead goes back to nurture. Without a setting, that way back never happens. */
export interface RecycleRule {
  /** An MQL no one in sales followed up (accepted, rejected or logged an activity) within this many days. */
  noFollowUpDays?: number
  /** A rejected lead, this many days after the (latest) rejection. */
  afterRejectionDays?: number
}
