import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maxIdLength } from '@attribution/contracts'
import type { RawTouch } from './channelRules.ts'
import { channelClassifier } from './classifyTouch.ts'
import { defaultChannelRules } from './defaultChannelRules.ts'

const classifiers = [
  channelClassifier(defaultChannelRules),
  channelClassifier({ id: 'ours', version: 1, extends: 'default', rules: [{ channel: 'by_term', campaign: '{utmSource} {utmTerm}', when: { utmTerm: '*' } }] }),
]

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(' ', '%E0%A4%A', '%00', '+', 'ÄÖ', '\u{1F600}'.repeat(200)))
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(text, text, text).map(([source, medium, campaign]) => `example.com/x?utm_source=${source}&utm_medium=${medium}&utm_campaign=${campaign}`),
  text,
)
const touch: fc.Arbitrary<RawTouch> = fc.record(
  {
    touchType: fc.constantFrom('page_view', 'email_click', 'webinar_attended', 'form_fill'),
    url,
    referrer: url,
    utm: fc.record({ source: text, medium: text, campaign: text, term: text, content: text }, { requiredKeys: [] }),
  },
  { requiredKeys: ['touchType'] },
)

describe('classifying any touch', () => {
  it('answers for every touch, whatever its URLs hold, with a channel and a campaign id the contract takes', () => {
    fc.assert(
      fc.property(touch, (raw) => {
        for (const classify of classifiers) {
          const { campaignId, channel } = classify(raw)
          expect(channel.length).toBeGreaterThan(0)
          expect(campaignId.length).toBeGreaterThan(0)
          expect(campaignId.length).toBeLessThanOrEqual(maxIdLength)
          expect(campaignId).not.toMatch(/[\uD800-\uDBFF]$/)
          expect(campaignId).toBe(campaignId.trim())
        }
      }),
      { numRuns: 500 },
    )
  })
})
