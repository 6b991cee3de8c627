import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { revenueByCampaign, rowsOfBatch, type AttributionQuery } from '@attribution/read-model'
import { defaultAttributionOptions } from '@attribution/domain'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { positionedEvents } from './support/events.ts'

const positioned = positionedEvents()
const touch = (touchpointId: string, day: string, personId: string, campaignId: string) =>
  positioned('touchpoint.recorded', `2024-02-${day}T09:00:00Z`, { touchpointId, personId, campaignId, channel: 'email', touchType: 'email_click' })
const role = (personId: string, name: string, isPrimary = false) => ({ personId, role: name, ...(isPrimary ? { isPrimary } : {}) })

/**
 * Three deals created in March 2024, in USD. Touches before creation:
 *   eb (Economic Buyer):  t1 c-eb
 *   dm (Decision Maker):  t2 c-dm, t3 c-dm
 *   in (Influencer):      t4 c-in
 *   p4 (no role):         t6 c-other
 * d1, 1200.00, won: roles eb (primary), dm, in. A later update names only eb and dm as contacts, so `in` is no longer
 *     a contact of d1 even though its role is still on record.
 * d2, 90.00: created with dm as Influencer, updated to dm Decision Maker and in Influencer; no primary.
 * d3, 333.33: contactIds [p4], no roles.
 * Linear splits each deal evenly over its journey's touches (all before creation).
 */
const history = [
  touch('t1', '01', 'eb', 'c-eb'),
  touch('t2', '02', 'dm', 'c-dm'),
  touch('t3', '03', 'dm', 'c-dm'),
  touch('t4', '04', 'in', 'c-in'),
  touch('t6', '06', 'p4', 'c-other'),
  positioned('deal.created', '2024-03-01T09:00:00Z', {
    dealId: 'd1', accountId: 'acme', amount: 1200, currency: 'USD',
    contactRoles: [role('eb', 'Economic Buyer', true), role('dm', 'Decision Maker'), role('in', 'Influencer')],
  }),
  positioned('deal.updated', '2024-03-05T09:00:00Z', { dealId: 'd1', contactIds: ['eb', 'dm'] }),
  positioned('deal.won', '2024-03-10T09:00:00Z', { dealId: 'd1' }),
  positioned('deal.created', '2024-03-02T09:00:00Z', {
    dealId: 'd2', accountId: 'acme', amount: 90, currency: 'USD', contactRoles: [role('dm', 'Influencer')],
  }),
  positioned('deal.updated', '2024-03-03T09:00:00Z', { dealId: 'd2', contactRoles: [role('dm', 'Decision Maker'), role('in', 'Influencer')] }),
  positioned('deal.created', '2024-03-03T09:00:00Z', { dealId: 'd3', accountId: 'globex', amount: 333.33, currency: 'USD', contactIds: ['p4'] }),
]

describe('attribution by contact roles', () => {
  let clickhouse: ClickHouse
  const march = { from: '2024-03-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' }
  // Only facts are written here, no credits: an answer taken from what the projector keeps would credit nothing, so
  // these answers show that the new mappings are computed from the journeys.
  const ask = (query: Partial<AttributionQuery>, source: 'auto' | 'live' = 'auto') =>
    revenueByCampaign(clickhouse, { model: 'linear', level: 'campaign', ...defaultAttributionOptions, ...march, ...query }, source)
  const byCampaign = (answer: Awaited<ReturnType<typeof ask>>) =>
    Object.fromEntries(answer.rows.map((row) => [row.campaignId, [row.pipeline, row.revenue]]))

  beforeAll(async () => {
    clickhouse = await freshClickHouse('contact_roles')
    await writeRows(clickhouse, rowsOfBatch(history))
  })
  afterAll(() => dropDatabase(clickhouse))

  it('credits every contact under the contacts mapping, the role persons among them', async () => {
    // d1: eb and dm are its contacts now: t1, t2, t3 at 400.00. d2: dm and in: t2, t3, t4 at 30.00. d3: t6 333.33.
    const answer = await ask({ mapping: 'contacts' }, 'live')
    expect(byCampaign(answer)).toEqual({ 'c-eb': [400, 400], 'c-dm': [860, 800], 'c-in': [30, 0], 'c-other': [333.33, 0] })
    expect(answer.totals.pipeline).toBe(1623.33)
    expect(answer.dealsWithoutPrimaryContact).toBeNull()
  })

  it("credits only the primary contact's touches, and all contacts' of a deal naming no primary, counting those deals", async () => {
    // d1: eb's t1 takes 1200.00. d2 (no primary): dm's and in's t2, t3, t4 at 30.00. d3 (no roles): p4's t6.
    const answer = await ask({ mapping: 'primary_contact' })
    expect(byCampaign(answer)).toEqual({ 'c-eb': [1200, 1200], 'c-dm': [60, 0], 'c-in': [30, 0], 'c-other': [333.33, 0] })
    expect(answer.totals).toMatchObject({ pipeline: 1623.33, revenue: 1200, dealsCreated: 3, dealsWon: 1 })
    expect(answer.dealsWithoutPrimaryContact).toBe(2)
  })

  it('credits only the contacts holding one of the roles asked for, under their latest roles', async () => {
    // d1: eb and dm: t1, t2, t3 at 400.00. d2: dm is a Decision Maker now: t2, t3 at 45.00. d3 has no roles: unattributed.
    const buyers = await ask({ mapping: 'contacts', roles: ['Economic Buyer', 'Decision Maker'] })
    expect(byCampaign(buyers)).toEqual({ 'c-eb': [400, 400], 'c-dm': [890, 800] })
    expect(buyers.unattributed).toEqual({ pipeline: 333.33, revenue: 0, dealsCreated: 1, dealsWon: 0 })
    expect(buyers.totals.pipeline + buyers.unattributed.pipeline).toBe(1623.33)
    // `in` is an Influencer of d1 on record but no longer its contact: d1 has no Influencer journey.
    const influencers = await ask({ mapping: 'contacts', roles: ['Influencer'] })
    expect(byCampaign(influencers)).toEqual({ 'c-in': [90, 0] })
    expect(influencers.unattributed).toEqual({ pipeline: 1533.33, revenue: 1200, dealsCreated: 2, dealsWon: 1 })
  })

  it('answers the same at channel level and under first touch, to the cent', async () => {
    const channel = await ask({ mapping: 'primary_contact', level: 'channel' })
    expect(channel.rows.map((row) => [row.channel, row.pipeline, row.revenue])).toEqual([['email', 1623.33, 1200]])
    // First touch: d1's primary eb: t1; d2 (fallback) t2; d3 t6.
    const first = await ask({ mapping: 'primary_contact', model: 'first_touch' })
    // d2's journey holds t4 too, with no share: its campaign is listed with nothing.
    expect(byCampaign(first)).toEqual({ 'c-eb': [1200, 1200], 'c-dm': [90, 0], 'c-in': [0, 0], 'c-other': [333.33, 0] })
  })
})
