import { describe, expect, it } from 'vitest'
import { eventually } from './support/eventually.ts'
import { rollOutChannelRules } from '@attribution/cli'
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

    // A definition for LinkedIn visits: none yet under the default rules (the lnkd.in visit is organic social).
    const linkedIn = definition.replace('paid-search-intent', 'linkedin-intent').replace('match: { channel: paid_search, campaignId: "brand-*" }', 'match: { channel: linkedin }')
    await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: linkedIn })
    const replaying = (await (await fetch(`${running.url}/v1/lead-definitions/linkedin-intent/replay?version=1`, { method: 'POST' })).json()) as { statusUrl: string }
    await eventually(async () => (await getJson(`${running.url}${replaying.statusUrl}`)).body.state === 'done', 'replay done')
    expect((await getJson(`${running.url}/v1/funnel?definition=linkedin-intent@1`)).body.totals.stages).toMatchObject({ known: 1, mql: 0 })
  })

  const ours = `id: ours
version: 1
extends: default
rules:
  - channel: linkedin
    campaign: "li-{referrerHost}"
    when: { referrerHost: ["*linkedin.com", "lnkd.in"] }
`
  const linear = async (query = '') => {
    const { status, body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&from=2024-01-01&to=2025-01-01${query}`)
    expect(status).toBe(200)
    const rows = body.rows.map(({ campaignId, channel, revenue }: Record<string, unknown>) => [campaignId, channel, revenue])
    return { rows: rows.sort((a: any, b: any) => (a[0] < b[0] ? -1 : 1)), totals: body.totals }
  }

  it('publishes rules, replays them with progress in touches, and refuses to activate them before', async () => {
    const published = await fetch(`${running.url}/v1/channel-rules`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: ours })
    expect(published.status).toBe(201)
    await waitUntilProjected(running.url)
    expect((await postJson(`${running.url}/v1/channel-rules/ours/activate?version=1`, {})).status).toBe(409)

    const started = (await (await fetch(`${running.url}/v1/channel-rules/ours/replay?version=1`, { method: 'POST' })).json()) as { statusUrl: string }
    let job: any
    await eventually(async () => {
      job = (await getJson(`${running.url}${started.statusUrl}`)).body
      return job.state !== 'running'
    }, 'channel rules replay finished')
    // t-1 and t-2 derive their channel; t-3 states both.
    expect(job).toMatchObject({ state: 'done', subject: 'channel_rules', definitionId: 'ours', version: 1, personsTotal: 2, personsProcessed: 2 })
    const { body } = await getJson(`${running.url}/v1/channel-rules`)
    expect(body).toMatchObject({ rules: [{ rulesId: 'ours', version: 1, replayed: true, active: false }], active: { rulesId: 'default', version: 1 } })
  })

  it('answers under the replayed rules when asked, and compares them with the active ones: the money moves, totals stay', async () => {
    const active = await linear()
    const asked = await linear('&channelRules=ours@1')
    expect(asked.rows).toEqual([
      ['brand-q1', 'paid_search', 300],
      ['expo-2024', 'events', 300],
      ['li-lnkd.in', 'linkedin', 300],
    ])
    expect(asked.totals).toEqual(active.totals)
    const markov = await getJson(`${running.url}/v1/revenue-by-campaign?model=markov&channelRules=ours@1`)
    expect(markov.status).toBe(400)
    expect(markov.body.errors).toEqual([{ path: 'querystring.channelRules', message: expect.stringContaining('rule-based models only') }])
    expect((await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&channelRules=ours@2`)).status).toBe(409)
    // The deal's journey under them: the lnkd.in touch relabelled, every share as it was.
    const journey = await getJson(`${running.url}/v1/deals/d-1/journey?model=linear&channelRules=ours@1`)
    expect(journey.body.touches.map(({ touchpointId, channel, campaignId, revenue }: Record<string, unknown>) => [touchpointId, channel, campaignId, revenue])).toEqual([
      ['t-1', 'paid_search', 'brand-q1', 300],
      ['t-2', 'linkedin', 'li-lnkd.in', 300],
      ['t-3', 'events', 'expo-2024', 300],
    ])
    expect(journey.body.channelRules).toEqual({ rulesId: 'ours', version: 1 })

    const { status, body } = await getJson(`${running.url}/v1/channel-rules/compare?candidate=ours@1`)
    expect(status).toBe(200)
    const moved = { from: { channel: 'organic_social', campaignId: 'organic_social' }, to: { channel: 'linkedin', campaignId: 'li-lnkd.in' } }
    expect(body.base).toEqual({ rulesId: 'default', version: 1 })
    expect(body.touches).toEqual({ derived: 2, moved: 1, moves: [{ ...moved, touches: 1 }] })
    expect(body.models.linear).toEqual({ pipelineMoved: 300, revenueMoved: 300, moves: [{ ...moved, pipeline: 300, revenue: 300 }] })
    expect(body.models.first_touch).toEqual({ pipelineMoved: 0, revenueMoved: 0, moves: [] })
  })

  it('activates them: the touch from lnkd.in moves to linkedin, stated touches stay, the money stays the same', async () => {
    const before = await linear()
    const activated = await postJson(`${running.url}/v1/channel-rules/ours/activate?version=1`, {})
    expect(activated).toEqual({ status: 200, body: { active: { rulesId: 'ours', version: 1 }, changed: true } })
    await waitUntilProjected(running.url)
    const after = await linear()
    expect(after.rows).toEqual([
      ['brand-q1', 'paid_search', 300],
      ['expo-2024', 'events', 300],
      ['li-lnkd.in', 'linkedin', 300],
    ])
    expect(after.totals).toEqual(before.totals)
    // Lead definitions see the channels of the active rules: the lnkd.in visit now qualifies p-1 under linkedin-intent.
    expect((await getJson(`${running.url}/v1/funnel?definition=linkedin-intent@1`)).body.totals.stages).toMatchObject({ known: 1, mql: 1 })
  })

  it('classifies a touch arriving after the activation under the active rules, and a late restatement keeps what it states', async () => {
    const late = [
      touch('t-4', '2024-03-09T10:00:00Z', { url: `${site}/x`, referrer: 'https://www.linkedin.com/feed' }),
      // t-2 sent again under its id, now stating where it belongs.
      { ...touch('t-2b', '2024-03-05T10:00:00Z', { touchpointId: 't-2', url: `${site}/blog/post`, referrer: 'https://lnkd.in/xyz', channel: 'partner', campaignId: 'p-1' }) },
    ]
    expect((await postJson(`${running.url}/v1/events`, late)).status).toBe(202)
    await waitUntilProjected(running.url)
    const { rows, totals } = await linear()
    // Four touches before the deal now (t-4 on 9 March): 225 each.
    expect(rows).toEqual([
      ['brand-q1', 'paid_search', 225],
      ['expo-2024', 'events', 225],
      ['li-www.linkedin.com', 'linkedin', 225],
      ['p-1', 'partner', 225],
    ])
    expect(totals).toMatchObject({ revenue: 900 })
  })

  it('rolls rules out in one step as `attribution replay --channel-rules` does: publish, replay, compare, activate', async () => {
    const v2 = ours.replace('version: 1', 'version: 2').replace('channel: linkedin', 'channel: social_linkedin')
    const result = await rollOutChannelRules({ url: running.url, document: v2, format: 'yaml', activate: true })
    // t-2 (restated) and t-3 state their channels; t-1 and t-4 are derived, and only t-4 (from LinkedIn) moves.
    expect(result).toMatchObject({
      rulesId: 'ours',
      version: 2,
      job: { personsTotal: 2 },
      comparison: { base: 'ours@1', touchesDerived: 2, touchesMoved: 1, linearRevenueMoved: 225, linearPipelineMoved: 225 },
      activated: true,
    })
    await waitUntilProjected(running.url)
    expect((await linear()).rows).toContainEqual(['li-www.linkedin.com', 'social_linkedin', 225])
  })

  it('serves the dashboard page for channel rules', async () => {
    const page = await fetch(`${running.url}/channel-rules`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
  })
})

