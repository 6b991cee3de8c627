import { boundedId } from './boundedId.ts'
import type { TouchSignals } from './touchSignals.ts'

/**
 * A rule's campaign: literal text with placeholders for what the touch carries, `{utmCampaign}` or
 * `{utmSource}-{utmMedium}`. A placeholder the touch has no value for makes the rule's campaign fall back to the
 * default (the utm campaign, else the channel name), so that no campaign is ever named `-cpc`.
 */

export const placeholders = ['utmSource', 'utmMedium', 'utmCampaign', 'utmTerm', 'utmContent', 'referrerHost', 'urlHost'] as const
type Placeholder = (typeof placeholders)[number]

const placeholder = /\{([^{}]*)\}/g

/** Why a campaign template is invalid, or undefined when it is fine. */
export function campaignTemplateProblem(template: string): string | undefined {
  for (const [, name] of template.matchAll(placeholder)) {
    if (!(placeholders as readonly string[]).includes(name as string)) {
      return `'{${name}}' is not a placeholder; use ${placeholders.map((known) => `{${known}}`).join(', ')}`
    }
  }
  const unmatched = template.replace(placeholder, '')
  if (unmatched.includes('{') || unmatched.includes('}')) return 'has a { or } that opens or closes no placeholder'
  return undefined
}

/** The campaign a rule names for a touch, or undefined when the rule names none or the touch lacks a placeholder's value. */
export function renderCampaign(template: string | undefined, signals: TouchSignals): string | undefined {
  if (template === undefined) return undefined
  let missing = false
  const rendered = template.replace(placeholder, (_, name: Placeholder) => {
    const value = signals[name]
    if (value === undefined) missing = true
    return value ?? ''
  })
  return missing ? undefined : boundedId(rendered)
}

/** The campaign of a touch whose rule names none: its utm campaign, else the channel name. */
export function defaultCampaign(signals: TouchSignals, channel: string): string {
  return signals.utmCampaign ?? channel
}
