import { factsProjection } from '@attribution/projector'
import { selectRows } from '@attribution/clickhouse'
import { describe, expect, it } from 'vitest'
import { positionedEvents } from '../support/events.ts'
import { verifyProjection } from '../support/projectionSpec.ts'

const at = positionedEvents()
const given = [
  at('touchpoint.recorded', '2026-01-01T09:00:00Z', { touchpointId: 'tp-1', personId: 'p1', campaignId: 'c1', channel: 'email', touchType: 'email_click' }),
  at('touchpoint.recorded', '2026-01-02T09:00:00Z', { anonymousId: 'a1', campaignId: 'c2', channel: 'paid_search', touchType: 'ad_click' }),
  at('identity.linked', '2026-01-03T09:00:00Z', { anonymousId: 'a1', personId: 'p1' }),
  at('person.updated', '2026-01-03T10:00:00Z', { personId: 'p1', accountId: 'acc1' }),
  at('deal.created', '2026-01-04T09:00:00Z', { dealId: 'd1', accountId: 'acc1', amount: 100, currency: 'USD', contactIds: ['p1', 'p2'] }),
  // tp-1 corrected: it was p2's touch all along.
  at('touchpoint.recorded', '2026-01-01T09:00:00Z', { touchpointId: 'tp-1', personId: 'p2', campaignId: 'c1', channel: 'email', touchType: 'email_click' }),
]

describe('facts projection', () => {
  it('Given touches, a link, a person, a deal and a corrected touch, Then one fact per event and the lookups by key', async () => {
    await verifyProjection('facts_spec', {
      projections: (ch) => [factsProjection(ch)],
      given,
      then: async (ch) => {
        const t = ch.table
        expect(await selectRows(ch, `SELECT touchpoint_id, person_id, anonymous_id FROM ${t('touchpoints')} FINAL ORDER BY ALL`)).toEqual([
          { touchpoint_id: 'e2', person_id: '', anonymous_id: 'a1' },
          { touchpoint_id: 'tp-1', person_id: 'p2', anonymous_id: '' },
        ])
        // The corrected touch's older row stays under p1; readers keep only a touch's latest version (stitchedTouches.ts).
        expect(await selectRows(ch, `SELECT identified, recorded_by, touchpoint_id, position FROM ${t('touches_by_person')} FINAL ORDER BY ALL`)).toEqual([
          { identified: 0, recorded_by: 'a1', touchpoint_id: 'e2', position: 2 },
          { identified: 1, recorded_by: 'p1', touchpoint_id: 'tp-1', position: 1 },
          { identified: 1, recorded_by: 'p2', touchpoint_id: 'tp-1', position: 6 },
        ])
        expect(await selectRows(ch, `SELECT person_id, anonymous_id FROM ${t('links_by_person')} FINAL`)).toEqual([{ person_id: 'p1', anonymous_id: 'a1' }])
        expect(await selectRows(ch, `SELECT contact_id, deal_id, kind FROM ${t('deal_contacts')} FINAL ORDER BY ALL`)).toEqual([
          { contact_id: 'p1', deal_id: 'd1', kind: 'created' },
          { contact_id: 'p2', deal_id: 'd1', kind: 'created' },
        ])
        expect(await selectRows(ch, `SELECT account_id, person_id FROM ${t('account_people')} FINAL`)).toEqual([{ account_id: 'acc1', person_id: 'p1' }])
        expect(await selectRows(ch, `SELECT deal_id, amount_cents, contact_ids FROM ${t('deal_events')} FINAL`)).toEqual([
          { deal_id: 'd1', amount_cents: 10000, contact_ids: ['p1', 'p2'] },
        ])
      },
    })
  })

  it('Given raw touches, Then the shipped default rules derive what they do not state, and their raw fields are kept', async () => {
    const raw = positionedEvents()
    // Kept as sent: a replay under other rules reads the raw fields again.
    const adUrl = 'https://www.example.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=Brand%20Q1'
    await verifyProjection('facts_raw_spec', {
      projections: (ch) => [factsProjection(ch)],
      given: [
        raw('touchpoint.recorded', '2026-02-01T09:00:00Z', {
          touchpointId: 'ad',
          personId: 'p1',
          touchType: 'ad_click',
          url: adUrl,
        }),
        raw('touchpoint.recorded', '2026-02-02T09:00:00Z', { touchpointId: 'post', personId: 'p1', touchType: 'page_view', referrer: 'https://lnkd.in/xyz' }),
        // The producer stated its channel: kept; the campaign still comes from the utm.
        raw('touchpoint.recorded', '2026-02-03T09:00:00Z', {
          touchpointId: 'talk',
          personId: 'p1',
          touchType: 'webinar_attended',
          channel: 'partner',
          utm: { campaign: 'q1-webinar' },
        }),
      ],
      then: async (ch) => {
        expect(
          await selectRows(ch, `SELECT touchpoint_id, channel, campaign_id, stated_channel, url, utm_campaign, referrer, channel_rules FROM ${ch.table('touchpoints')} FINAL ORDER BY touchpoint_id`),
        ).toEqual([
          { touchpoint_id: 'ad', channel: 'paid_search', campaign_id: 'Brand Q1', stated_channel: '', url: adUrl, utm_campaign: '', referrer: '', channel_rules: 'default@1' },
          { touchpoint_id: 'post', channel: 'organic_social', campaign_id: 'organic_social', stated_channel: '', url: '', utm_campaign: '', referrer: 'https://lnkd.in/xyz', channel_rules: 'default@1' },
          { touchpoint_id: 'talk', channel: 'partner', campaign_id: 'q1-webinar', stated_channel: 'partner', url: '', utm_campaign: 'q1-webinar', referrer: '', channel_rules: 'default@1' },
        ])
      },
    })
  })
})
