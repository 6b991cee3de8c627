import { describe, expect, it } from 'vitest'
import { earliestTime, latestTime, maxAmountCents, maxExactCents, maxEventIdLength, maxIdLength, maxVersion } from '@attribution/contracts'
import { attributionModels } from '@attribution/domain'
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { eventually } from './support/eventually.ts'

/** The largest amount the contract takes, in the major unit: a trillion. */
const maxAmount = maxAmountCents / 100
const longId = (prefix: string) => prefix.padEnd(maxIdLength, 'x')
const longEventId = (prefix: string) => prefix.padEnd(maxEventIdLength, 'x')

/** Every rule-based model, and custom weights, which are split inside ClickHouse in integers of their own. */
const models = [...attributionModels, 'custom&weights=ft:40,lc:20,oc:40']

const person = { first: longId('person-first-'), last: longId('person-last-') }
const campaign = longId('campaign-')
const definitionId = 'edge-of-time'

/** Every form fill qualifies; sales has 48 hours, so a hand-off in the last moment of 2299 is due after it. */
const definition = `id: ${definitionId}
version: ${maxVersion}
name: Edge of time
behaviour:
  - name: any-form
    points: 100
    match: { touchType: form_fill }
mql:
  threshold: 50
slaHours: 48
`

const touch = (eventId: string, personId: string, occurredAt: string) => ({
  eventId: longEventId(eventId),
  type: 'touchpoint.recorded',
  occurredAt,
  data: { personId, campaignId: campaign, channel: 'events', touchType: 'form_fill' },
})

/** A deal of the largest amount, created and won at one instant; its events' ids start with its tag. */
const wonDeal = (tag: string, dealId: string, personId: string, occurredAt: string) => [
  {
    eventId: longEventId(`${tag}-created`),
    type: 'deal.created',
    occurredAt,
    data: { dealId, accountId: longId('account-'), amount: maxAmount, currency: 'USD', contactIds: [personId] },
  },
  { eventId: longEventId(`${tag}-won`), type: 'deal.won', occurredAt, data: { dealId } },
]

describe('the engine at the edges of what its stores hold', () => {
  const running = useEngine('extremes')
  const get = async (path: string) => getJson(`${running.url}${path}`)

  it('Given the largest version, When published, replayed and activated, Then it is the active definition', async () => {
    const response = await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: definition })
    expect(response.status).toBe(201)
    await waitUntilProjected(running.url)
    const replay = await postJson(`${running.url}/v1/lead-definitions/${definitionId}/replay?version=${maxVersion}`, {})
    expect(replay.status).toBe(202)
    await eventually(async () => (await get(replay.body.statusUrl)).body.state === 'done', 'the replay finished')
    const activated = await postJson(`${running.url}/v1/lead-definitions/${definitionId}/activate?version=${maxVersion}`, {})
    expect(activated.body).toEqual({ active: { definitionId, version: maxVersion }, changed: true })
    expect((await get('/v1/lead-definitions')).body.definitions).toEqual([expect.objectContaining({ version: maxVersion, active: true })])
  })

  it('Given deals of the largest amount at the first and last moment, with the longest ids, When projected, Then every model counts them to the cent', async () => {
    const sent = [
      touch('touch-first', person.first, earliestTime),
      // A millisecond later: a deal at the very instant of the touch would come first (by event id) and skip the MQL.
      ...wonDeal('deal-first', longId('deal-first-'), person.first, '1900-01-01T00:00:00.001Z'),
      // Qualified, handed off, then the deal, a millisecond apart: at one instant facts are ordered by event id.
      touch('touch-last', person.last, '2299-12-30T23:59:59.997Z'),
      {
        eventId: longEventId('handoff-last'),
        type: 'lead.handed_off',
        occurredAt: '2299-12-30T23:59:59.998Z',
        data: { personId: person.last, ownerId: 'rep' },
      },
      ...wonDeal('deal-last', longId('deal-last-'), person.last, latestTime),
    ]
    const posted = await postJson(`${running.url}/v1/events`, sent)
    expect(posted.body).toEqual({ accepted: sent.length, duplicates: 0, rejected: [] })
    await waitUntilProjected(running.url)
    expect((await get('/v1/status')).body.projections[0].quarantined).toBe(0)

    for (const model of models) {
      const { body } = await get(`/v1/revenue-by-campaign?model=${model}`)
      expect(body.totals.pipeline + body.unattributed.pipeline).toBe(2 * maxAmount)
      expect(body.totals.revenue + body.unattributed.revenue).toBe(2 * maxAmount)
      expect(body.rows.map((row: { campaignId: string }) => row.campaignId)).toEqual([campaign])
      // The window's end is exclusive: the last instant's deal falls outside [earliest, latest).
      const window = (await get(`/v1/revenue-by-campaign?model=${model}&from=${earliestTime}&to=${latestTime}`)).body
      expect(window.totals.pipeline + window.unattributed.pipeline).toBe(maxAmount)
    }
    const journey = (await get(`/v1/deals/${encodeURIComponent(longId('deal-last-'))}/journey?model=linear`)).body
    expect(journey.amount).toBe(maxAmount)
    expect(journey.touches.map((step: { revenue: number }) => step.revenue)).toEqual([maxAmount])
  })

  it('Given persons qualified at the first and last instant, When the funnel and handoffs are read as of the last, Then both count them', async () => {
    const funnel = (await get(`/v1/funnel?asOf=${latestTime}`)).body
    expect(funnel.definition).toEqual({ definitionId, version: maxVersion, active: true })
    expect(funnel.totals.stages.mql).toBe(2)
    expect(funnel.wonRevenue.total).toBe(2 * maxAmount)
    const handoffs = (await get(`/v1/handoffs?asOf=${latestTime}`)).body
    expect(handoffs.totals).toMatchObject({ mqls: 2, handedOff: 1, neverFollowedUp: 2 })

    // A replay over this history writes the same lifecycles.
    const replay = await postJson(`${running.url}/v1/lead-definitions/${definitionId}/replay?version=${maxVersion}`, {})
    await eventually(async () => (await get(replay.body.statusUrl)).body.state !== 'running', 'the replay finished')
    expect((await get(replay.body.statusUrl)).body).toMatchObject({ state: 'done', personsTotal: 2 })
    expect((await get(`/v1/funnel?asOf=${latestTime}`)).body).toEqual(funnel)
  })

  it('Given a figure beyond what a JSON number holds to the cent, When asked, Then the answer is refused, never a few cents off', async () => {
    // Their contact's only touch is from 1900, outside their lookback: they are unattributed, and still summed. 88 deals
    // of a trillion: with the two above, 9e15 cents created, still below 2^53.
    const june1 = Array.from({ length: 88 }, (_, index) => wonDeal(`june1-${index}`, `june1-${index}`, person.first, '2026-06-01T00:00:00Z'))
    expect((await postJson(`${running.url}/v1/events`, june1.flat())).body).toMatchObject({ accepted: 176, rejected: [] })
    await waitUntilProjected(running.url)
    const exact = (await get('/v1/revenue-by-campaign?model=linear')).body
    expect(exact.unattributed.pipeline).toBe(88 * maxAmount)
    expect(exact.totals.pipeline + exact.unattributed.pipeline).toBe(90 * maxAmount)

    // Three more make the unattributed figure 91 trillion: 9.1e15 cents, past 2^53.
    const june2 = Array.from({ length: 3 }, (_, index) => wonDeal(`june2-${index}`, `june2-${index}`, person.first, '2026-06-02T00:00:00Z'))
    await postJson(`${running.url}/v1/events`, june2.flat())
    await waitUntilProjected(running.url)
    expect(91 * maxAmountCents).toBeGreaterThan(maxExactCents)
    for (const model of models) {
      const refused = await get(`/v1/revenue-by-campaign?model=${model}`)
      expect(refused.status).toBe(422)
      expect(refused.body.message).toContain('exceeds 90,071,992,547,409.91')
    }
    // A window that holds less still answers, to the cent.
    const june = (await get('/v1/revenue-by-campaign?model=linear&from=2026-06-01&to=2026-06-02')).body
    expect(june.unattributed.pipeline).toBe(88 * maxAmount)
  })
})
