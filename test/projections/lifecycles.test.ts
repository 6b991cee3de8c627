import { factsProjection, lifecyclesProjection } from '@attribution/projector'
import { selectRows } from '@attribution/clickhouse'
import { describe, expect, it } from 'vitest'
import { positionedEvents } from '../support/events.ts'
import { exampleDocument, parsed } from '../support/leadDefinitions.ts'
import { verifyProjection } from '../support/projectionSpec.ts'

const document = exampleDocument('activity-based')
const { id: definitionId, version, name } = parsed(document)
const at = positionedEvents()
const formFill = (occurredAt: string) =>
  at('touchpoint.recorded', occurredAt, { personId: 'p1', campaignId: 'c1', channel: 'content', touchType: 'form_fill' })
const given = [
  at('lead_definition.published', '2026-01-01T00:00:00Z', { definitionId, version, name, format: 'yaml', document }),
  at('lead_definition.activated', '2026-01-01T00:00:00Z', { definitionId, version }),
  at('person.updated', '2026-01-02T09:00:00Z', { personId: 'p1', accountId: 'acc1' }),
  // 15 points a form fill: the fourth reaches the 50 points of an MQL.
  formFill('2026-01-03T09:00:00Z'),
  formFill('2026-01-04T09:00:00Z'),
  formFill('2026-01-05T09:00:00Z'),
  formFill('2026-01-06T09:00:00Z'),
  at('lead.handed_off', '2026-01-06T10:00:00Z', { personId: 'p1', ownerId: 'rep-1' }),
  // p3's touch, corrected: it was p4's. p3 is left with the empty lifecycle.
  at('touchpoint.recorded', '2026-01-07T09:00:00Z', { touchpointId: 'tp-moved', personId: 'p3', campaignId: 'c2', channel: 'email', touchType: 'email_click' }),
  at('touchpoint.recorded', '2026-01-07T09:00:00Z', { touchpointId: 'tp-moved', personId: 'p4', campaignId: 'c2', channel: 'email', touchType: 'email_click' }),
]

describe('lifecycles projection', () => {
  it('Given an active definition, four form fills and a touch moved to someone else, Then an MQL at the fourth, handed to its owner', async () => {
    await verifyProjection('lifecycles_spec', {
      projections: (ch) => [factsProjection(ch), lifecyclesProjection(ch)],
      given,
      then: async (ch) => {
        const rows = await selectRows(
          ch,
          `SELECT person_id, account_id, toString(first_touch_at) AS first_touch, toString(mql_at) AS mql, owner_ids,
                  arrayMap(at -> toString(at), qualified_at) AS qualified
           FROM ${ch.table('lead_lifecycles')} FINAL WHERE definition_id = '${definitionId}'`,
        )
        const firstTouches = await selectRows(
          ch,
          `SELECT person_id, toString(first_touch_at) AS first_touch, first_touch_campaign_id AS campaign
           FROM ${ch.table('lead_lifecycles')} FINAL WHERE person_id IN ('p3', 'p4') ORDER BY person_id`,
        )
        expect(firstTouches).toEqual([
          { person_id: 'p3', first_touch: null, campaign: '' },
          { person_id: 'p4', first_touch: '2026-01-07 09:00:00.000', campaign: 'c2' },
        ])
        expect(rows.filter((row) => (row as { person_id: string }).person_id === 'p1')).toEqual([
          {
            person_id: 'p1',
            account_id: 'acc1',
            first_touch: '2026-01-03 09:00:00.000',
            mql: '2026-01-06 09:00:00.000',
            owner_ids: ['rep-1'],
            qualified: ['2026-01-06 09:00:00.000'],
          },
        ])
      },
    })
  })
})
