import { describe, expect, it } from 'vitest'
import type { Event } from '@attribution/contracts'
import { rowsOf, rowsOfBatch } from './rows.ts'

const at = (prepare: number) => ({ commit: 900n, prepare: BigInt(prepare) })

describe('rowsOf', () => {
  it('turns a touchpoint into a touchpoints row keyed by its event id when it has no touchpoint id', () => {
    const event: Event = {
      eventId: 'e-7',
      type: 'touchpoint.recorded',
      occurredAt: '2024-05-01T11:30:00+02:00',
      data: { anonymousId: 'anon-1', campaignId: 'c-1', channel: 'display', touchType: 'ad_click', cost: 0.3 },
    }
    expect(rowsOf({ event, position: at(42) })).toEqual([
      'touchpoints',
      {
        event_id: 'e-7',
        touchpoint_id: 'e-7',
        person_id: '',
        anonymous_id: 'anon-1',
        account_id: '',
        campaign_id: 'c-1',
        channel: 'display',
        touch_type: 'ad_click',
        content: '',
        cost_cents: 30,
        url: '',
        referrer: '',
        utm_source: '',
        utm_medium: '',
        utm_campaign: '',
        utm_term: '',
        utm_content: '',
        stated_campaign_id: 'c-1',
        stated_channel: 'display',
        channel_rules: '',
        occurred_at: '2024-05-01 09:30:00.000',
        position: '42',
      },
    ])
  })

  it('derives the campaign and channel of a raw touch under the rules it is given, and keeps the raw fields', () => {
    const event: Event = {
      eventId: 'e-8',
      type: 'touchpoint.recorded',
      occurredAt: '2024-05-01T11:30:00Z',
      data: { anonymousId: 'anon-1', touchType: 'page_view', url: 'https://example.com/?utm_medium=cpc&utm_source=google', utm: { campaign: 'brand' } },
    }
    expect(rowsOf({ event, position: at(43) })[1]).toMatchObject({
      campaign_id: 'brand',
      channel: 'paid_search',
      url: 'https://example.com/?utm_medium=cpc&utm_source=google',
      utm_campaign: 'brand',
      utm_medium: '',
      stated_campaign_id: '',
      stated_channel: '',
      channel_rules: 'default@1',
    })
  })

  it('keeps deal amounts as exact cents and marks which facts a deal event carries', () => {
    const created: Event = {
      eventId: 'd-c',
      type: 'deal.created',
      occurredAt: '2024-05-01T00:00:00Z',
      data: { dealId: 'd', accountId: 'a', amount: 1000.01, currency: 'USD', contactIds: ['p', 'p', 'q'], isNewBusiness: true },
    }
    const won: Event = { eventId: 'd-w', type: 'deal.won', occurredAt: '2024-06-01T00:00:00Z', data: { dealId: 'd' } }
    expect(rowsOf({ event: created, position: at(1) })[1]).toMatchObject({
      kind: 'created',
      amount_cents: 100001,
      has_amount: 1,
      contact_ids: ['p', 'q'],
      has_contacts: 1,
      is_new_business: 1,
    })
    expect(rowsOf({ event: won, position: at(2) })[1]).toMatchObject({ kind: 'won', has_amount: 0, has_contacts: 0 })
  })

  it('counts the persons of contact roles as contacts and keeps each role and the primary contact', () => {
    const updated: Event = {
      eventId: 'd-u',
      type: 'deal.updated',
      occurredAt: '2024-05-03T00:00:00Z',
      data: {
        dealId: 'd',
        contactIds: ['p'],
        contactRoles: [
          { personId: 'p', role: 'Influencer' },
          { personId: 'q', role: 'Economic Buyer', isPrimary: true },
        ],
      },
    }
    expect(rowsOf({ event: updated, position: at(3) })[1]).toMatchObject({
      contact_ids: ['p', 'q'],
      has_contacts: 1,
      role_person_ids: ['p', 'q'],
      role_names: ['Influencer', 'Economic Buyer'],
      primary_contact_id: 'q',
      has_contact_roles: 1,
    })
    const rolesOnly: Event = { ...updated, data: { dealId: 'd', contactRoles: [{ personId: 'r', role: 'Decision Maker' }] } }
    expect(rowsOf({ event: rolesOnly, position: at(4) })[1]).toMatchObject({ contact_ids: ['r'], has_contacts: 1, primary_contact_id: '' })
  })

  it('groups a batch by table in log order', () => {
    const link: Event = { eventId: 'l', type: 'identity.linked', occurredAt: '2024-05-01T00:00:00Z', data: { anonymousId: 'x', personId: 'p' } }
    const lost: Event = { eventId: 'd-l', type: 'deal.lost', occurredAt: '2024-05-02T00:00:00Z', data: { dealId: 'd', reason: 'no budget' } }
    const tables = rowsOfBatch([
      { event: link, position: at(1) },
      { event: lost, position: at(2) },
      { event: { ...link, eventId: 'l2' }, position: at(3) },
    ])
    expect([...tables.keys()]).toEqual(['identity_links', 'deal_events'])
    expect(tables.get('identity_links')?.map((row) => row.event_id)).toEqual(['l', 'l2'])
  })
})
