import { creditsProjection, factsProjection } from '@attribution/projector'
import { ruleCreditModels } from '@attribution/read-model'
import { selectRows } from '@attribution/clickhouse'
import { describe, expect, it } from 'vitest'
import { positionedEvents } from '../support/events.ts'
import { verifyProjection } from '../support/projectionSpec.ts'

const at = positionedEvents()
const given = [
  at('touchpoint.recorded', '2026-01-01T09:00:00Z', { personId: 'p1', campaignId: 'c1', channel: 'email', touchType: 'email_click' }),
  at('touchpoint.recorded', '2026-01-05T09:00:00Z', { personId: 'p1', campaignId: 'c2', channel: 'paid_search', touchType: 'ad_click' }),
  at('touchpoint.recorded', '2026-01-03T09:00:00Z', { anonymousId: 'a1', campaignId: 'c3', channel: 'display', touchType: 'page_view' }),
  // Stitches the anonymous touch of 3 January into p1's journey, after the fact.
  at('identity.linked', '2026-01-06T09:00:00Z', { anonymousId: 'a1', personId: 'p1' }),
  at('deal.created', '2026-01-10T09:00:00Z', { dealId: 'd1', accountId: 'acc1', amount: 300, currency: 'USD', contactIds: ['p1'] }),
  // Falls after the creation, which is where the journeys of the rule-based models end.
  at('touchpoint.recorded', '2026-01-20T09:00:00Z', { personId: 'p1', campaignId: 'c4', channel: 'webinar', touchType: 'webinar_attended' }),
  at('deal.won', '2026-02-01T09:00:00Z', { dealId: 'd1', amount: 400 }),
  // A touch of p1's in the journey, then corrected: it was p9's, who is no contact of d1. Its credit must go.
  at('touchpoint.recorded', '2026-01-04T09:00:00Z', { touchpointId: 'tp-moved', personId: 'p1', campaignId: 'c9', channel: 'email', touchType: 'email_click' }),
  at('touchpoint.recorded', '2026-01-04T09:00:00Z', { touchpointId: 'tp-moved', personId: 'p9', campaignId: 'c9', channel: 'email', touchType: 'email_click' }),
]

describe('credits projection', () => {
  it('Given a journey stitched late, a deal won for more and a touch moved to someone else, Then its lines and day sums, to the cent', async () => {
    await verifyProjection('credits_spec', {
      projections: (ch) => [factsProjection(ch), creditsProjection(ch, () => [...ruleCreditModels])],
      given,
      then: async (ch) => {
        const t = ch.table
        const lines = await selectRows(
          ch,
          `SELECT model, kind, toString(day) AS day, campaign_ids, cents FROM ${t('credit_lines')} FINAL
           WHERE model IN ('linear', 'first_touch', 'last_touch') AND NOT is_deleted ORDER BY ALL`,
        )
        // Rule-based models credit revenue along the journey to the creation too: c4, after it, gets nothing.
        expect(lines).toEqual([
          { model: 'first_touch', kind: 'created', day: '2026-01-10', campaign_ids: ['c1', 'c3', 'c2'], cents: [30000, 0, 0] },
          { model: 'first_touch', kind: 'won', day: '2026-02-01', campaign_ids: ['c1', 'c3', 'c2'], cents: [40000, 0, 0] },
          { model: 'last_touch', kind: 'created', day: '2026-01-10', campaign_ids: ['c1', 'c3', 'c2'], cents: [0, 0, 30000] },
          { model: 'last_touch', kind: 'won', day: '2026-02-01', campaign_ids: ['c1', 'c3', 'c2'], cents: [0, 0, 40000] },
          { model: 'linear', kind: 'created', day: '2026-01-10', campaign_ids: ['c1', 'c3', 'c2'], cents: [10000, 10000, 10000] },
          // 400.00 in thirds: the leftover cent to the earliest touch.
          { model: 'linear', kind: 'won', day: '2026-02-01', campaign_ids: ['c1', 'c3', 'c2'], cents: [13334, 13333, 13333] },
        ])
        const sums = await selectRows(
          ch,
          `SELECT kind, toString(day) AS day, deals, campaign_ids, cents FROM ${t('credit_days')} FINAL WHERE model = 'linear' ORDER BY ALL`,
        )
        expect(sums).toEqual([
          { kind: 'created', day: '2026-01-10', deals: 1, campaign_ids: ['c1', 'c2', 'c3'], cents: [10000, 10000, 10000] },
          { kind: 'won', day: '2026-02-01', deals: 1, campaign_ids: ['c1', 'c2', 'c3'], cents: [13334, 13333, 13333] },
        ])
      },
    })
  })
})
