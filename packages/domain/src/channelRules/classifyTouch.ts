import { matchesPattern } from '../leadDefinition/glob.ts'
import type { OneOrMany } from '../leadDefinition/definition.ts'
import { defaultCampaign, renderCampaign } from './campaignTemplate.ts'
import { patternConditions, unassignedChannel, type ChannelRule, type ChannelRules, type Classification, type RawTouch, type RuleConditions } from './channelRules.ts'
import { defaultChannelRules } from './defaultChannelRules.ts'
import { touchSignals, type TouchSignals } from './touchSignals.ts'

/** Where the touches of a set of rules go: one function, its rules compiled once. */
export type Classifier = (touch: RawTouch) => Classification

/**
 * The classifier of a set of rules (valid ones: documents are checked when parsed). A touch keeps what its producer
 * stated: a stated channel is never replaced, and a stated campaign neither. Only what is missing is derived: the
 * channel by the first rule whose conditions all hold (then the `default` rules if the set extends them, then
 * `unassigned`), the campaign by that rule, else the touch's utm campaign, else the channel name.
 */
export function channelClassifier(rules: ChannelRules): Classifier {
  const inForce = rules.extends === 'default' ? [...rules.rules, ...defaultChannelRules.rules] : rules.rules
  const compiled = inForce.map(compileRule)
  return (touch) => {
    if (touch.channel !== undefined && touch.campaignId !== undefined) return { campaignId: touch.campaignId, channel: touch.channel }
    const signals = touchSignals(touch)
    if (touch.channel !== undefined) {
      return { campaignId: touch.campaignId ?? defaultCampaign(signals, touch.channel), channel: touch.channel }
    }
    const rule = compiled.find((candidate) => candidate.holds(signals))
    const channel = rule?.channel ?? unassignedChannel
    const campaign = touch.campaignId ?? renderCampaign(rule?.campaign, signals) ?? defaultCampaign(signals, channel)
    return { campaignId: campaign, channel }
  }
}

interface CompiledRule {
  channel: string
  campaign?: string
  holds: (signals: TouchSignals) => boolean
}

/** A rule as one predicate per condition given, so that a touch pays only for the conditions its rules have. */
function compileRule(rule: ChannelRule): CompiledRule {
  const tests: ((signals: TouchSignals) => boolean)[] = []
  const when: RuleConditions = rule.when
  for (const condition of patternConditions) {
    const patterns = listOf(when[condition])
    if (patterns === undefined) continue
    if (condition === 'urlParam') {
      tests.push((signals) => signals.urlParams.some((name) => patterns.some((pattern) => matchesPattern(pattern, name))))
    } else {
      tests.push((signals) => {
        const value = signals[condition]
        return value !== undefined && patterns.some((pattern) => matchesPattern(pattern, value))
      })
    }
  }
  const touchTypes = listOf(when.touchType)
  if (touchTypes !== undefined) tests.push((signals) => touchTypes.includes(signals.touchType))
  const { hasUtm } = when
  if (hasUtm !== undefined) tests.push((signals) => signals.hasUtm === hasUtm)
  const referrers = listOf(when.referrer)
  if (referrers !== undefined) tests.push((signals) => (referrers as readonly string[]).includes(signals.referrer))
  return {
    channel: rule.channel,
    ...(rule.campaign === undefined ? {} : { campaign: rule.campaign }),
    holds: (signals) => tests.every((test) => test(signals)),
  }
}

function listOf<T>(value: OneOrMany<T> | undefined): readonly T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value as T]
}
