import { describe, expect, it } from 'vitest'
import { eventually } from './support/eventually.ts'
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'

const site = 'https://acme.example'
const touch = (eventId: string, occurredAt: string, data: Record<string, unknown>) => ({
  eventId,
  type: 'touchpoint.recorded',
  occurredAt,
  data: { personId: 'p-1', touchType: 'page_view', ...data },
})
// p-1 of account a-1: three touches, then a deal of 900.00 created and won. Under the linear model each touch takes 300.
const events = [
  { eventId: 'pu-1', type: 'person.updated', occurredAt: '2024-03-01T00:00:00Z', data: { personId: 'p-1', accountId: 'a-1' } },
  // Paid search by the default rules; the campaign is the utm campaign.
  touch('t-1', '2024-03-01T10:00:00Z', { url: `${site}/?utm_source=Google&utm_medium=CPC&utm_campaign=brand-q1` }),
  // Organic social: no UTM, referred from lnkd.in; no campaign, so the channel name.
  touch('t-2', '2024-03-05T10:00:00Z', { url: `${site}/blog/post`, referrer: 'https://lnkd.in/xyz' }),
  // States its channel and campaign: kept, whatever its URL says.
  touch('t-3', '2024-03-08T10:00:00Z', { touchType: 'form_fill', url: `${site}/demo?utm_source=linkedin&utm_medium=cpc`, channel: 'events', campaignId: 'expo-2024' }),
  { eventId: 'd-1c', type: 'deal.created', occurredAt: '2024-03-10T00:00:00Z', data: { dealId: 'd-1', accountId: 'a-1', amount: 900, currency: 'USD', contactIds: ['p-1'] } },
  { eventId: 'd-1w', type: 'deal.won', occurredAt: '2024-03-20T00:00:00Z', data: { dealId: 'd-1' } },
]

const definition = `
id: paid-search-intent
version: 1
name: Paid search intent
behaviour:
  - name: paid-search-click
    points: 50
    match: { channel: paid_search, campaignId: "brand-*" }
mql:
  threshold: 50
`

describe('raw touches classified by the active channel rules, end to end', () => {
  const running = useEngine('channels')

  it('refuses a malformed URL at the door with its path, and takes the rest', async () => {
    const bad = touch('t-bad', '2024-03-02T10:00:00Z', { url: 'https://acme example/' })
    const { status, body } = await postJson(`${running.url}/v1/events`, [...events, bad])
    expect(status).toBe(202)
    expect(body.accepted).toBe(events.length)
    expect(body.rejected).toEqual([
      { index: events.length, eventId: 't-bad', errors: [{ path: 'data.url', message: expect.stringContaining('must be a URL') }] },
    ])
    await waitUntilProjected(running.url)
  })

  it('credits the derived channels and campaigns, and the stated ones as stated', async () => {
    const { body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&from=2024-01-01&to=2025-01-01`)
    const rows = body.rows.map(({ campaignId, channel, pipeline, revenue }: Record<string, unknown>) => ({ campaignId, channel, pipeline, revenue }))
    expect(rows.sort((a: any, b: any) => (a.campaignId < b.campaignId ? -1 : 1))).toEqual([
      { campaignId: 'brand-q1', channel: 'paid_search', pipeline: 300, revenue: 300 },
      { campaignId: 'expo-2024', channel: 'events', pipeline: 300, revenue: 300 },
      { campaignId: 'organic_social', channel: 'organic_social', pipeline: 300, revenue: 300 },
    ])
    expect(body.totals).toMatchObject({ pipeline: 900, revenue: 900 })
  })

  it('lets a lead definition match on the derived channel and campaign', async () => {
    const published = await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition })
    expect(published.status).toBe(201)
    const started = (await (await fetch(`${running.url}/v1/lead-definitions/paid-search-intent/replay?version=1`, { method: "POST" })).json()) as { statusUrl: string }
    await eventually(async () => (await getJson(`${running.url}${started.statusUrl}`)).body.state === 'done', 'replay done')
    const { body } = await getJson(`${running.url}/v1/funnel?definition=paid-search-intent@1`)
    expect(body.totals.stages).toMatchObject({ known: 1, mql: 1 })
  })
})
