import type { OneOrMany } from '../leadDefinition/definition.ts'

/**
 * A set of channel rules: how raw touches (a page URL with UTM parameters, a referrer, a touch type) become a channel
 * and a campaign. Versioned like lead definitions; docs/channel-rules.md is the user's guide and lists the shipped
 * `default` rules.
 */
export interface ChannelRules {
  id: string
  version: number
  /** Touches no rule here matches fall through to the shipped rules of this name (only `default` exists). */
  extends?: 'default'
  /** Ordered: the first rule whose conditions all hold decides. */
  rules: ChannelRule[]
}

export interface ChannelRule {
  channel: string
  /**
   * The campaign of the touches the rule decides, with `{utmCampaign}`-style placeholders (see campaignTemplate.ts).
   * Without it: the touch's utm campaign, else the channel name.
   */
  campaign?: string
  when: RuleConditions
}

/** Where a touch came from, as seen from its page: nowhere, the site itself, or another site. */
export const referrerKinds = ['none', 'same-site', 'other-site'] as const
export type ReferrerKind = (typeof referrerKinds)[number]

/**
 * What a rule asks of a touch: every condition given must hold; a list holds when any of its entries does. Texts are
 * patterns as in lead definitions (`*` any run, `?` one character, case ignored); a text the touch does not have (no
 * utm source, no referrer) matches no pattern.
 */
export interface RuleConditions {
  utmSource?: OneOrMany<string>
  utmMedium?: OneOrMany<string>
  utmCampaign?: OneOrMany<string>
  utmTerm?: OneOrMany<string>
  utmContent?: OneOrMany<string>
  referrerHost?: OneOrMany<string>
  urlHost?: OneOrMany<string>
  urlPath?: OneOrMany<string>
  /** A query parameter of the page URL that is present (`gclid`), by name. */
  urlParam?: OneOrMany<string>
  touchType?: OneOrMany<string>
  /** Whether the touch has any UTM value at all (stated or in its URL). */
  hasUtm?: boolean
  referrer?: OneOrMany<ReferrerKind>
}

export type ConditionName = keyof RuleConditions

/** The conditions that hold patterns, in the order documents usually write them. */
export const patternConditions = [
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'utmTerm',
  'utmContent',
  'referrerHost',
  'urlHost',
  'urlPath',
  'urlParam',
] as const satisfies readonly ConditionName[]

/** A touch as its producer sent it: what the rules read, and what the producer stated itself. */
export interface RawTouch {
  touchType: string
  url?: string
  referrer?: string
  utm?: { source?: string; medium?: string; campaign?: string; term?: string; content?: string }
  campaignId?: string
  channel?: string
}

/** Where a touch belongs. */
export interface Classification {
  campaignId: string
  channel: string
}

/** The channel of a touch no rule matches (rules that do not extend `default` may leave some touches to it). */
export const unassignedChannel = 'unassigned'
