import { describe, expect, it } from 'vitest'
import { attributionModels } from '@attribution/domain'
import { d1Credits, handComputedEvents, lateTouch } from './fixtures/handComputedDataset.ts'
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { eventually } from './support/eventually.ts'

const cents = (amount: number) => Math.round(amount * 100)
// Answers are read as parsed JSON: rows by campaign id, for assertions.
const byCampaign = (rows: { campaignId: string }[]) => new Map<string, any>(rows.map((row) => [row.campaignId, row]))

describe('embedded engine, end to end over HTTP', () => {
  const running = useEngine('e2e')

  it('stores the valid events of a mixed batch and reports each invalid one with its path', async () => {
    const invalid = [
      { eventId: 'bad-1', type: 'deal.created', occurredAt: '2024-01-01T00:00:00Z', data: { dealId: 'x', accountId: 'a', amount: 10.005, currency: 'USD' } },
      { eventId: 'bad-2', type: 'touchpoint.recorded', occurredAt: '2024-01-01', data: { campaignId: 'c', channel: 'x', touchType: 'ad_click', personId: 'p', colour: 'red' } },
      { eventId: 'bad-3', type: 'deal.created', occurredAt: '2024-01-01T00:00:00Z', data: { dealId: 'y', accountId: 'a', amount: 10, currency: 'EUX' } },
    ]
    const { status, body } = await postJson(`${running.url}/v1/events`, [...handComputedEvents, ...invalid])
    expect(status).toBe(202)
    expect(body.accepted).toBe(handComputedEvents.length)
    expect(body.duplicates).toBe(0)
    const at = handComputedEvents.length
    expect(body.rejected).toEqual([
      { index: at, eventId: 'bad-1', errors: [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }] },
      {
        index: at + 1,
        eventId: 'bad-2',
        errors: [{ path: 'occurredAt', message: expect.stringContaining('ISO-8601') }],
      },
      { index: at + 2, eventId: 'bad-3', errors: [{ path: 'data.currency', message: expect.stringContaining('ISO 4217 currency code') }] },
    ])
    await waitUntilProjected(running.url)
  })

  it.each(attributionModels)('credits pipeline and revenue to the cent under %s', async (model) => {
    const { status, body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=${model}`)
    expect(status).toBe(200)
    const rows = byCampaign(body.rows)
    const expected = d1Credits[model] ?? {}
    for (const [campaignId, credit] of Object.entries(expected)) {
      // d1 was created and won, so its credit counts as pipeline and as revenue; d2 (500.00, one c-search touch) only as pipeline.
      const d2 = campaignId === 'c-search' ? 500 : 0
      expect(rows.get(campaignId), campaignId).toMatchObject({ pipeline: (cents(credit) + cents(d2)) / 100, revenue: credit })
    }
    if (!expected['c-search']) expect(rows.get('c-search')).toMatchObject({ pipeline: 500, revenue: 0 })
    expect(body.totals).toMatchObject({ pipeline: 1500.01, revenue: 1000.01, dealsCreated: 2, dealsWon: 1 })
    expect(body.unattributed).toEqual({ pipeline: 250, revenue: 250, dealsCreated: 1, dealsWon: 1 })
    const pipelineCents = body.rows.reduce((sum: number, row: { pipeline: number }) => sum + cents(row.pipeline), 0)
    expect(pipelineCents).toBe(150001)
  })

  it('takes custom position weights: W-shaped percentages give W-shaped cents', async () => {
    const custom = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&weights=ft:30,lc:30,oc:30,middle:10`)
    const wShaped = await getJson(`${running.url}/v1/revenue-by-campaign?model=w_shaped`)
    expect(custom.status).toBe(200)
    expect(custom.body.rows).toEqual(wShaped.body.rows)
    expect(custom.body.model).toBe('custom')
    // FT alone is first touch.
    const firstTouch = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&weights=FT:100`)
    expect(byCampaign(firstTouch.body.rows).get('c-search')).toMatchObject({ pipeline: 1500.01, revenue: 1000.01 })

    const missing = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom`)
    expect(missing.status).toBe(400)
    expect(missing.body.errors).toEqual([{ path: 'querystring.weights', message: expect.stringContaining('required for the custom model') }])
    const badSum = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&weights=ft:30,lc:30,oc:30`)
    expect(badSum.status).toBe(400)
    expect(badSum.body.errors[0]).toMatchObject({ path: 'querystring.weights', message: expect.stringContaining('90') })
  })

  it('saves custom models by name, answers with their weights, and replaces them when saved again', async () => {
    const models = `${running.url}/v1/attribution/models`
    const saved = await postJson(`${models}/our-w`, { weights: { FT: 30, LC: 30, OC: 30, middle: 10 } }, 'PUT')
    expect(saved).toEqual({
      status: 202,
      body: { name: 'our-w', weights: { FT: 30, LC: 30, MQL: 0, OC: 30, CW: 0, middle: 10 }, savedAt: null, answers: null },
    })
    await waitUntilProjected(running.url)
    // The projector credits every deal under it in the background; answers read those credits once they are ready.
    await eventually(async () => (await getJson(models)).body.models[0]?.answers === 'precomputed', 'our-w credited', 30_000)
    expect((await getJson(models)).body.models).toEqual([
      { name: 'our-w', weights: { FT: 30, LC: 30, MQL: 0, OC: 30, CW: 0, middle: 10 }, savedAt: expect.any(String), answers: 'precomputed' },
    ])

    const named = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&customModel=our-w`)
    const wShaped = await getJson(`${running.url}/v1/revenue-by-campaign?model=w_shaped`)
    expect(named.status).toBe(200)
    expect(named.body.rows).toEqual(wShaped.body.rows)
    expect(named.body).toMatchObject({ customModel: 'our-w', weights: { FT: 30, LC: 30, OC: 30, middle: 10 } })
    const compared = await getJson(`${running.url}/v1/attribution/compare?models=custom,first_touch&customModel=our-w`)
    expect(compared.body.totals.custom).toEqual({ pipeline: wShaped.body.totals.pipeline, revenue: wShaped.body.totals.revenue })

    // Saved again, in the query-string form: FT alone is first touch, from the next answer on.
    expect((await postJson(`${models}/our-w`, { weights: 'ft:100' }, 'PUT')).status).toBe(202)
    await waitUntilProjected(running.url)
    const replaced = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&customModel=our-w`)
    expect(byCampaign(replaced.body.rows).get('c-search')).toMatchObject({ pipeline: 1500.01, revenue: 1000.01 })
    // Where the MQL milestone sits depends on the lead definition a question uses: such a model is weighed per question.
    expect((await postJson(`${models}/mql-half`, { weights: { FT: 50, MQL: 50 } }, 'PUT')).status).toBe(202)
    await waitUntilProjected(running.url)
    expect((await getJson(`${models}`)).body.models.find((model: { name: string }) => model.name === 'mql-half')).toMatchObject({
      answers: 'from milestones',
    })

    const unknown = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&customModel=nobody`)
    expect(unknown).toMatchObject({ status: 404, body: { message: expect.stringContaining('no custom model is saved as nobody') } })
    const both = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&customModel=our-w&weights=ft:100`)
    expect(both.body.errors).toEqual([{ path: 'querystring.customModel', message: 'give weights or customModel, not both' }])
    const badWeights = await postJson(`${models}/bad`, { weights: { FT: 60, lc: 30 } }, 'PUT')
    expect(badWeights.status).toBe(400)
    expect(badWeights.body.errors).toEqual([{ path: 'body.weights.lc', message: expect.stringContaining('keys are case-sensitive here: LC') }])
    const badSum = await postJson(`${models}/bad`, { weights: 'ft:60,lc:30' }, 'PUT')
    expect(badSum.body.errors).toEqual([{ path: 'body.weights', message: expect.stringContaining('90') }])
    expect((await postJson(`${models}/has space`, { weights: 'ft:100' }, 'PUT')).status).toBe(400)
  })

  it('credits channels at channel level, the sum of their campaigns', async () => {
    const { body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=w_shaped&level=channel`)
    expect(body.level).toBe('channel')
    const channels = new Map(body.rows.map((row: { channel: string }) => [row.channel, row]))
    // d1's W-shaped credits by channel, and d2's 500.00 on paid search; search also spent 301.50.
    expect(channels.get('paid_search')).toMatchObject({ campaignId: null, pipeline: 800.01, revenue: 300.01, cost: 301.5 })
    expect(channels.get('webinar')).toMatchObject({ pipeline: 300, revenue: 300 })
    expect(channels.get('email')).toMatchObject({ pipeline: 100, revenue: 100 })
    expect(channels.get('events')).toMatchObject({ pipeline: 300, revenue: 300 })
    expect(body.totals).toMatchObject({ pipeline: 1500.01, revenue: 1000.01 })
  })

  it('trains the data-driven models on the journeys and still reconciles to the cent', async () => {
    for (const model of ['markov', 'shapley']) {
      const { status, body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=${model}&level=channel`)
      expect(status).toBe(200)
      expect(body.totals).toMatchObject({ pipeline: 1500.01, revenue: 1000.01, dealsCreated: 2, dealsWon: 1 })
      expect(body.unattributed).toEqual({ pipeline: 250, revenue: 250, dealsCreated: 1, dealsWon: 1 })
      const cents = body.rows.reduce((sum: number, row: { pipeline: number }) => sum + Math.round(row.pipeline * 100), 0)
      expect(cents).toBe(150001)
      // Learnt from every journey so far: d1's and d2's, and p9's, whose touch led to no deal.
      expect(body.trained).toMatchObject({ scope: 'history', conversions: 2 })
      const window = await getJson(`${running.url}/v1/revenue-by-campaign?model=${model}&level=channel&training=window&from=2024-02-01&to=2024-03-02`)
      expect(window.body.training).toBe('window')
      expect(window.body.trained).toMatchObject({ scope: 'window', eventsApplied: null })
      expect(window.body.totals).toMatchObject({ pipeline: 1500.01, dealsCreated: 2 })
    }
  })

  it('explains a data-driven credit touch by touch, under the training revenue-by-campaign uses', async () => {
    await waitUntilProjected(running.url)
    // d1 is the only deal created on 2024-02-10, so that day's credits per channel are its touches' credits.
    await eventually(async () => {
      const day = await getJson(`${running.url}/v1/revenue-by-campaign?model=markov&level=channel&from=2024-02-10&to=2024-02-11`)
      const journey = await getJson(`${running.url}/v1/deals/d1/journey?model=markov&level=channel`)
      // A training that finished between the two requests: ask again.
      if (day.body.trained.eventsApplied !== journey.body.trained.eventsApplied) return false
      expect(journey.body).toMatchObject({ model: 'markov', level: 'channel', trained: day.body.trained })
      const byChannel = new Map<string, number>()
      for (const touch of journey.body.touches) byChannel.set(touch.channel, (byChannel.get(touch.channel) ?? 0) + cents(touch.pipeline))
      const credited = (entries: Iterable<[string, number]>) => Object.fromEntries([...entries].filter(([, amount]) => amount !== 0))
      expect(credited(byChannel)).toEqual(credited(day.body.rows.map((row: { channel: string; pipeline: number }) => [row.channel, cents(row.pipeline)])))
      expect([...byChannel.values()].reduce((sum, amount) => sum + amount, 0)).toBe(100001)
      return true
    }, 'the same training for both answers')
  })

  it('puts models side by side per campaign', async () => {
    const { status, body } = await getJson(`${running.url}/v1/attribution/compare?models=first_touch,last_touch,linear`)
    expect(status).toBe(200)
    expect(body.models).toEqual(['first_touch', 'last_touch', 'linear'])
    const rows = byCampaign(body.rows)
    expect(rows.get('c-search')?.models).toEqual({
      first_touch: { pipeline: 1500.01, revenue: 1000.01 },
      last_touch: { pipeline: 500, revenue: 0 },
      linear: { pipeline: 750.01, revenue: 250.01 },
    })
    expect(rows.get('c-event')?.models.first_touch).toEqual({ pipeline: 0, revenue: 0 })
    expect(Object.values(body.totals)).toEqual(Array(3).fill({ pipeline: 1500.01, revenue: 1000.01 }))
    const unknown = await getJson(`${running.url}/v1/attribution/compare?models=linear,fancy`)
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0].path).toMatch(/^querystring\.models/)
  })

  it('reports cost, ROI and names per campaign', async () => {
    const { body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=first_touch`)
    expect(byCampaign(body.rows).get('c-search')).toEqual({
      campaignId: 'c-search',
      campaignName: 'Search - brand',
      channel: 'paid_search',
      pipeline: 1500.01,
      revenue: 1000.01,
      dealsCreated: 2,
      dealsWon: 1,
      cost: 301.5,
      roi: 2.3168, // (1000.01 - 301.50) / 301.50
      roas: 3.3168, // 1000.01 / 301.50
      costPerWonDeal: 301.5, // one won deal
      // No lead definition is active in this dataset: no MQLs to divide by.
      mqls: null,
      costPerMql: null,
    })
    expect(body).toMatchObject({ model: 'first_touch', level: 'campaign', currency: 'USD', from: null, to: null, lookbackDays: 365, halfLifeDays: 7, definition: null })
  })

  it('counts pipeline by creation and revenue by win inside a window', async () => {
    const { body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=first_touch&from=2024-03-01&to=2024-04-01`)
    // d1 was created in February but won on March 1st; d2 was created on March 1st; c-search spent nothing in March.
    expect(byCampaign(body.rows).get('c-search')).toMatchObject({ pipeline: 500, revenue: 1000.01, cost: 0, roi: null, roas: null })
    expect(body.unattributed).toEqual({ pipeline: 250, revenue: 250, dealsCreated: 1, dealsWon: 1 })
    expect(body.from).toBe('2024-03-01T00:00:00.000Z')
  })

  it('ignores touches outside the lookback window', async () => {
    // d1 was created 2024-02-10: with 10 days only t4 (2024-02-01) counts.
    const { body } = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&lookbackDays=10`)
    expect(byCampaign(body.rows).get('c-event')).toMatchObject({ pipeline: 1000.01, revenue: 1000.01 })
    expect(byCampaign(body.rows).get('c-webinar')).toBeUndefined()
  })

  it('treats a re-sent batch as duplicates and counts nothing twice', async () => {
    const { status, body } = await postJson(`${running.url}/v1/events`, handComputedEvents)
    expect(status).toBe(202)
    expect(body).toEqual({ accepted: 0, duplicates: handComputedEvents.length, rejected: [] })
    await waitUntilProjected(running.url)
    const { body: revenue } = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear`)
    expect(revenue.totals).toMatchObject({ pipeline: 1500.01, revenue: 1000.01 })
  })

  it('lets a late touch change the numbers it belongs to', async () => {
    const { body } = await postJson(`${running.url}/v1/events`, lateTouch)
    expect(body.accepted).toBe(1)
    await waitUntilProjected(running.url)
    const { body: revenue } = await getJson(`${running.url}/v1/revenue-by-campaign?model=first_touch`)
    const rows = byCampaign(revenue.rows)
    expect(rows.get('c-email')).toMatchObject({ pipeline: 1000.01, revenue: 1000.01 })
    expect(rows.get('c-search')).toMatchObject({ pipeline: 500, revenue: 0 })
  })

  it('credits anonymous touches to a deal once their identity is linked, even months later', async () => {
    const anonymousTouch = {
      eventId: 'touch-t8',
      type: 'touchpoint.recorded',
      occurredAt: '2024-02-05T09:00:00Z',
      data: { touchpointId: 't8', anonymousId: 'anon-2', campaignId: 'c-display', channel: 'display', touchType: 'ad_click' },
    }
    await postJson(`${running.url}/v1/events`, anonymousTouch)
    await waitUntilProjected(running.url)
    const before = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear`)
    expect(byCampaign(before.body.rows).get('c-display')).toBeUndefined()

    const link = { eventId: 'link-2', type: 'identity.linked', occurredAt: '2024-06-01T00:00:00Z', data: { anonymousId: 'anon-2', personId: 'p1' } }
    await postJson(`${running.url}/v1/events`, link)
    await waitUntilProjected(running.url)
    const after = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear`)
    // d1 now has six touches (t0, t1, t2, t3, t4, t8): 100001 / 6 = 16666.83 each; the 5 spare cents go to the first five.
    expect(byCampaign(after.body.rows).get('c-display')).toMatchObject({ pipeline: 166.66, revenue: 166.66 })
    expect(after.body.totals).toMatchObject({ pipeline: 1500.01, revenue: 1000.01 })
  })

  it("credits every person of the deal's account under account mapping", async () => {
    const people = [
      { eventId: 'person-p1', type: 'person.updated', occurredAt: '2023-12-01T00:00:00Z', data: { personId: 'p1', accountId: 'a1' } },
      { eventId: 'person-p2', type: 'person.updated', occurredAt: '2023-12-01T00:00:00Z', data: { personId: 'p2', accountId: 'a2' } },
      { eventId: 'person-p9', type: 'person.updated', occurredAt: '2023-12-01T00:00:00Z', data: { personId: 'p9', accountId: 'a1' } },
      {
        eventId: 'touch-t9',
        type: 'touchpoint.recorded',
        occurredAt: '2024-02-08T09:00:00Z',
        data: { touchpointId: 't9', personId: 'p9', campaignId: 'c-abm', channel: 'events', touchType: 'event_attended' },
      },
    ]
    await postJson(`${running.url}/v1/events`, people)
    await waitUntilProjected(running.url)
    const contacts = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear`)
    expect(byCampaign(contacts.body.rows).get('c-abm')).toBeUndefined()
    const account = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&mapping=account`)
    expect(account.body.mapping).toBe('account')
    // d1's account journey adds p9's t9 to p1's six touches: 100001 / 7 = 14285.86; t9 is last, so no spare cent.
    expect(byCampaign(account.body.rows).get('c-abm')).toMatchObject({ pipeline: 142.85, revenue: 142.85 })
    expect(account.body.totals).toMatchObject({ pipeline: 1500.01, revenue: 1000.01 })
  })

  it('explains a deal touch by touch with the milestones each holds and its credit', async () => {
    const { status, body } = await getJson(`${running.url}/v1/deals/d2/journey?model=w_shaped`)
    expect(status).toBe(200)
    // d2 has one touch (t7): it holds every milestone a lost deal can have and takes the whole 500.00.
    expect(body).toMatchObject({ dealId: 'd2', model: 'w_shaped', amount: 500, wonAmount: null, wonAt: null })
    expect(body.touches).toEqual([
      {
        touchpointId: 't7',
        occurredAt: '2024-02-15T09:00:00.000Z',
        campaignId: 'c-search',
        campaignName: 'Search - brand',
        channel: 'paid_search',
        touchType: 'ad_click',
        identified: true,
        milestones: ['FT', 'LC', 'OC'],
        share: 1,
        pipeline: 500,
        revenue: 0,
      },
    ])
    const d1 = await getJson(`${running.url}/v1/deals/d1/journey?model=full_path`)
    const credits = d1.body.touches.map((touch: { touchpointId: string; milestones: string[]; revenue: number }) => [touch.touchpointId, touch.milestones, touch.revenue])
    // t0 (late) is now FT, t2 the form fill LC, t8 (linked later, 2024-02-05) the last touch before creation OC, t5
    // after creation CW; t1, t3 and t4 are middle touches.
    expect(credits.map(([id, held]: [string, string[]]) => [id, held])).toEqual([
      ['t0', ['FT']],
      ['t1', []],
      ['t2', ['LC']],
      ['t3', []],
      ['t4', []],
      ['t8', ['OC']],
      ['t5', ['CW']],
    ])
    expect(credits.reduce((sum: number, [, , revenue]: [string, string[], number]) => sum + Math.round(revenue * 100), 0)).toBe(100001)
    const missing = await getJson(`${running.url}/v1/deals/nope/journey`)
    expect(missing.status).toBe(404)
    expect(missing.body.message).toBe("no deal 'nope' has been created")
  })

  it('keeps everything across a restart and counts nothing twice', async () => {
    const before = await getJson(`${running.url}/v1/revenue-by-campaign?model=w_shaped`)
    const status = await getJson(`${running.url}/v1/status`)
    await running.restart()
    await waitUntilProjected(running.url)
    const after = await getJson(`${running.url}/v1/revenue-by-campaign?model=w_shaped`)
    expect(after.body).toEqual(before.body)
    const statusAfter = await getJson(`${running.url}/v1/status`)
    expect(statusAfter.body.eventStore).toEqual(status.body.eventStore)
    expect(statusAfter.body.projections[0].lag).toBe(0)
  })

  it('answers bad requests with 4xx and a precise message', async () => {
    const unknownModel = await getJson(`${running.url}/v1/revenue-by-campaign?model=fancy`)
    expect(unknownModel.status).toBe(400)
    expect(unknownModel.body.errors[0].path).toBe('querystring.model')
    const badDates = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&from=2024-05-01&to=2024-04-01`)
    expect(badDates.status).toBe(400)
    expect(badDates.body.errors).toEqual([{ path: 'querystring.to', message: 'must be after from' }])
    const notADate = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&from=yesterday`)
    expect(notADate.status).toBe(400)
    expect(notADate.body.errors[0].path).toBe('querystring.from')

    const notJson = await fetch(`${running.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"eventId": ' })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { message: string }).message).toMatch(/not valid JSON/)
    const tooMany = await postJson(`${running.url}/v1/events`, Array.from({ length: 10_001 }, () => ({})))
    expect(tooMany.status).toBe(413)
    expect(tooMany.body.message).toMatch(/at most 10000 events/)
    const allInvalid = await postJson(`${running.url}/v1/events`, { eventId: 'x', type: 'deal.opened', occurredAt: '2024-01-01T00:00:00Z', data: {} })
    expect(allInvalid.status).toBe(400)
    expect(allInvalid.body.rejected[0].errors[0]).toMatchObject({ path: 'type' })
  })

  it('serves the OpenAPI document and the event JSON Schema', async () => {
    const openapi = await getJson(`${running.url}/docs/json`)
    expect(openapi.status).toBe(200)
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/events',
        '/v1/revenue-by-campaign',
        '/v1/funnel',
        '/v1/handoffs',
        '/v1/lead-definitions/{definitionId}/replay',
        '/v1/replays/{jobId}',
        '/v1/lead-definitions/{definitionId}/activate',
        '/v1/lead-definitions/compare',
        '/v1/status',
        '/v1/attribution/models',
        '/v1/attribution/models/{name}',
        '/healthz',
      ]),
    )
    const schema = await getJson(`${running.url}/v1/schema/events`)
    // Every event type producers may send: the engine's own (lead definitions, saved models) are written by their APIs.
    expect(schema.body.oneOf).toHaveLength(15)
  })
})
