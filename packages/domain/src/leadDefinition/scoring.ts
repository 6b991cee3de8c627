import { msPerDay } from '../journey.ts'
import type {
  AttributeValue,
  Attributes,
  BehaviourRule,
  FitRule,
  LeadDefinition,
  OneOrMany,
  TouchMatch,
} from './definition.ts'
import { byOccurredAtThenEventId } from './factOrder.ts'
import { matchesPattern } from './glob.ts'

/** A touch of the person being scored. */
export interface LeadTouch {
  /** Unique; orders touches at the same instant so sums never depend on the order touches arrived in. */
  eventId: string
  /** Business time in epoch milliseconds. */
  occurredAt: number
  touchType: string
  channel: string
  campaignId: string
  content?: string
}

/** The current attributes of the person and of the account they work for. */
export interface Profile {
  person: Attributes
  account: Attributes
}

/** What one rule contributed: only rules that matched are listed, in the order of the definition. */
export interface RuleScore {
  rule: string
  kind: 'behaviour' | 'fit'
  points: number
}

export interface Score {
  behaviour: number
  fit: number
  total: number
  rules: RuleScore[]
}

/**
 * The behaviour score at time `at` from the touches up to and including `at`. Each rule adds its points for every
 * matching touch, decayed by 2^(−age in days / halfLifeDays) when the rule has a half-life, and adds at most its
 * `cap` (applied to the decayed sum).
 */
export function behaviourScore(
  rules: readonly BehaviourRule[],
  touches: readonly LeadTouch[],
  at: number,
): RuleScore[] {
  const counted = touches.filter((touch) => touch.occurredAt <= at).sort(byOccurredAtThenEventId)
  return rules.flatMap((rule): RuleScore[] => {
    const matching = counted.filter((touch) => touchMatches(rule.match, touch))
    if (matching.length === 0) return []
    const sum = matching.reduce((total, touch) => total + rule.points * decay(rule, at - touch.occurredAt), 0)
    return [{ rule: rule.name, kind: 'behaviour', points: rule.cap === undefined ? sum : Math.min(sum, rule.cap) }]
  })
}

/** The fit score from current attributes: every rule whose condition holds adds its points (which may be negative). */
export function fitScore(rules: readonly FitRule[], profile: Profile): RuleScore[] {
  return rules
    .filter((rule) => fitHolds(rule, profile))
    .map((rule) => ({ rule: rule.name, kind: 'fit' as const, points: rule.points }))
}

/** Behaviour plus fit of a person at time `at`. */
export function scoreAt(
  definition: LeadDefinition,
  touches: readonly LeadTouch[],
  profile: Profile,
  at: number,
): Score {
  const rules = [...behaviourScore(definition.behaviour, touches, at), ...fitScore(definition.fit, profile)]
  const sum = (kind: RuleScore['kind']) =>
    rules.filter((rule) => rule.kind === kind).reduce((total, rule) => total + rule.points, 0)
  const behaviour = sum('behaviour')
  const fit = sum('fit')
  return { behaviour, fit, total: behaviour + fit, rules }
}

/** Whether the score reaches the threshold and every fit rule the definition requires holds. */
export function qualifies(definition: LeadDefinition, score: Score, profile: Profile): boolean {
  if (!(score.total >= definition.mql.threshold)) return false
  return (definition.mql.requireFit ?? []).every((name) => {
    const rule = definition.fit.find((candidate) => candidate.name === name)
    return rule !== undefined && fitHolds(rule, profile)
  })
}

export function touchMatches(match: TouchMatch, touch: LeadTouch): boolean {
  const touchType = match.touchType
  if (touchType !== undefined && !listOf(touchType).includes(touch.touchType)) return false
  return (
    anyPattern(match.channel, touch.channel) &&
    anyPattern(match.campaignId, touch.campaignId) &&
    anyPattern(match.content, touch.content)
  )
}

/**
 * Whether a fit rule's condition holds. A missing attribute (or an empty text, which is how sources clear a field)
 * satisfies only `exists: false`. Text compares ignoring case; a number in the rule also equals the same number
 * written as text, because attributes often arrive as text (CSV imports, CRM syncs).
 */
export function fitHolds(rule: FitRule, profile: Profile): boolean {
  const attributes = rule.subject === 'person' ? profile.person : profile.account
  // Own attributes only: `constructor` or `__proto__` is an attribute a source may send, not one every object has.
  const raw = Object.hasOwn(attributes, rule.attribute) ? attributes[rule.attribute] : undefined
  const value = raw === undefined || (typeof raw === 'string' && raw.trim() === '') ? undefined : raw
  if ('exists' in rule) return rule.exists === (value !== undefined)
  if (value === undefined) return false
  if ('equals' in rule) return sameValue(rule.equals, value)
  if ('in' in rule) return rule.in.some((expected) => sameValue(expected, value))
  if ('range' in rule) {
    const number = numberOf(value)
    const { min, max } = rule.range
    return number !== undefined && (min === undefined || number >= min) && (max === undefined || number <= max)
  }
  return listOf(rule.matches).some((pattern) => matchesPattern(pattern, String(value)))
}

function decay(rule: BehaviourRule, ageMs: number): number {
  return rule.halfLifeDays === undefined ? 1 : 2 ** (-ageMs / msPerDay / rule.halfLifeDays)
}

/** A field left out matches everything; a touch without the field (no content) matches no pattern. */
function anyPattern(patterns: OneOrMany<string> | undefined, value: string | undefined): boolean {
  if (patterns === undefined) return true
  return value !== undefined && listOf(patterns).some((pattern) => matchesPattern(pattern, value))
}

function sameValue(expected: AttributeValue, actual: AttributeValue): boolean {
  if (typeof expected === 'number' || typeof actual === 'number') {
    const [left, right] = [numberOf(expected), numberOf(actual)]
    if (left !== undefined && right !== undefined) return left === right
  }
  return String(expected).toLowerCase() === String(actual).toLowerCase()
}

/** A number, or a text that is exactly a decimal number ("350", "-1.5e3"); anything else is not a number. */
function numberOf(value: AttributeValue): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value !== 'string' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(value)) return undefined
  return Number(value)
}

function listOf<T>(value: OneOrMany<T>): T[] {
  return Array.isArray(value) ? value : [value]
}
