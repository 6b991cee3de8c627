import { describe, expect, it } from 'vitest'
import { eventually } from './support/eventually.ts'
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { handoffAsOf, handoffEvents, handV1, handV2 } from './fixtures/handoffDataset.ts'

async function postYaml(url: string, text: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: text })
  return { status: response.status, body: await response.json() }
}

async function post(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST' })
  return { status: response.status, body: await response.json() }
}

const conversion = (from: string, to: string, entered: number, converted: number, medianDays: number | null, p90Days: number | null) => ({
  from,
  to,
  entered,
  converted,
  rate: entered > 0 ? Math.round((converted / entered) * 10_000) / 10_000 : null,
  medianDays,
  p90Days,
})

// Worked out by hand in fixtures/handoffDataset.ts.
const funnelV1 = {
  stages: { known: 5, mql: 3, sal: 1, sql: 1, won: 1, rejected: 1, recycled: 1, lost: 0 },
  conversions: [
    conversion('known', 'mql', 5, 3, 3, 3.8), // known on day 0 (their profiles); MQL after 2, 3 and 4 days
    conversion('mql', 'sal', 3, 1, 0.5, 0.5),
    conversion('sal', 'sql', 1, 1, 2.5, 2.5),
    conversion('sql', 'won', 1, 1, 15, 15),
    conversion('mql', 'won', 3, 1, 18, 18),
  ],
}
const funnelV2 = {
  stages: { known: 5, mql: 3, sal: 1, sql: 1, won: 1, rejected: 1, recycled: 1, lost: 0 },
  conversions: [
    conversion('known', 'mql', 5, 3, 2, 2.8), // p1 and p4 after 2 days, p2 after 3
    conversion('mql', 'sal', 3, 1, 0.5, 0.5),
    conversion('sal', 'sql', 1, 1, 2.5, 2.5),
    conversion('sql', 'won', 1, 1, 15, 15),
    conversion('mql', 'won', 3, 1, 18, 18),
  ],
}
const handoffsV1 = {
  mqls: 3,
  handedOff: 3,
  accepted: 1,
  rejected: 1,
  undecided: 1,
  acceptanceRate: 0.5,
  followedUp: 2,
  followUpMedianHours: 18, // p1 after 12 hours, p2 after 24
  followUpP90Hours: 22.8,
  neverFollowedUp: 1,
  overdue: 1,
  withinSla: 2, // p2's rejection came exactly at the 24-hour deadline: in time
}

describe('funnel, handoff health, replay, compare and activate over HTTP', () => {
  const running = useEngine('funnel')
  const v1 = `?definition=hand@1&asOf=${handoffAsOf}`

  async function replay(version: number): Promise<any> {
    const started = await post(`${running.url}/v1/lead-definitions/hand/replay?version=${version}`)
    expect(started.status).toBe(202)
    expect(started.body.statusUrl).toBe(`/v1/replays/${started.body.jobId}`)
    let job: any
    await eventually(async () => {
      job = (await getJson(`${running.url}${started.body.statusUrl}`)).body
      return job.state !== 'running'
    }, 'replay finished')
    return job
  }

  it('refuses funnel queries until a definition is active, and activation until it is replayed', async () => {
    expect((await postJson(`${running.url}/v1/events`, handoffEvents)).status).toBe(202)
    expect((await postYaml(`${running.url}/v1/lead-definitions`, handV1)).status).toBe(201)
    expect((await postYaml(`${running.url}/v1/lead-definitions`, handV2)).status).toBe(201)
    await waitUntilProjected(running.url)

    const none = await getJson(`${running.url}/v1/funnel`)
    expect(none.status).toBe(409)
    expect(none.body.message).toContain('no lead definition is active')
    const early = await post(`${running.url}/v1/lead-definitions/hand/activate?version=1`)
    expect(early).toMatchObject({ status: 409, body: { message: expect.stringContaining('hand@1 has not been replayed') } })
    expect((await getJson(`${running.url}/v1/funnel${v1}`)).status).toBe(409)
    expect((await post(`${running.url}/v1/lead-definitions/nope/replay`)).status).toBe(404)
  })

  it('replays a version with progress in events and activates it', async () => {
    const job = await replay(1)
    expect(job).toMatchObject({ state: 'done', definitionId: 'hand', version: 1, personsTotal: 5, personsProcessed: 5, etaSeconds: 0 })
    // Every event stored when the replay began: the dataset and the two published definitions.
    expect(job.eventsTotal).toBe(handoffEvents.length + 2)
    expect(job.eventsProcessed).toBe(job.eventsTotal)

    const activated = await post(`${running.url}/v1/lead-definitions/hand/activate?version=1`)
    expect(activated).toEqual({ status: 200, body: { active: { definitionId: 'hand', version: 1 }, changed: true } })
    expect((await post(`${running.url}/v1/lead-definitions/hand/activate?version=1`)).body.changed).toBe(false)
  })

  it('reports the funnel of the active version, counted by hand', async () => {
    const { status, body } = await getJson(`${running.url}/v1/funnel?asOf=${handoffAsOf}&groupBy=campaign`)

    expect(status).toBe(200)
    expect(body.definition).toEqual({ definitionId: 'hand', version: 1, active: true })
    expect(body.totals).toEqual(funnelV1)
    expect(body.currentStages).toEqual({ won: 1, rejected: 1, recycled: 1, known: 2 })
    expect(body.wonRevenue).toEqual({ total: 1000, newBusiness: 1000, newBusinessShare: 1 })
    // First touches: p4's was the pricing page, everyone else's the blog.
    expect(body.groups.map((group: any) => [group.key, group.stages.known, group.stages.mql])).toEqual([
      ['c-blog', 4, 3],
      ['c-pricing', 1, 0],
    ])
  })

  it('reports handoff health: acceptance, reasons, follow-up time, never followed up, per owner', async () => {
    const { body } = await getJson(`${running.url}/v1/handoffs?asOf=${handoffAsOf}`)

    expect(body.slaHours).toBe(24)
    expect(body.totals).toEqual(handoffsV1)
    expect(body.rejectionReasons).toEqual([{ reason: 'no budget', count: 1, share: 1 }])
    expect(body.owners.map((owner: any) => [owner.ownerId, owner.mqls, owner.accepted, owner.rejected, owner.neverFollowedUp])).toEqual([
      ['rep-a', 2, 1, 1, 0],
      ['rep-b', 1, 0, 0, 1],
    ])
    // Before p3's SLA ran out (day 5), nothing was overdue yet; and a window from half past day 2 leaves out p1.
    const early = await getJson(`${running.url}/v1/handoffs?asOf=2025-01-05T12:00:00Z`)
    expect(early.body.totals).toMatchObject({ mqls: 3, overdue: 0, neverFollowedUp: 1 })
    const later = await getJson(`${running.url}/v1/handoffs?asOf=${handoffAsOf}&from=2025-01-03T12:00:00Z`)
    expect(later.body.totals).toMatchObject({ mqls: 2, accepted: 0, rejected: 1 })
  })

  it('exposes the same funnel and handoffs to BI tools, per definition version', async () => {
    const select = async (query: string) => {
      const result = await running.engine.clickhouse.client.query({ query, format: 'JSONCompactEachRow' })
      return result.json()
    }
    const db = running.engine.clickhouse.database
    expect(await select(`SELECT person_id, current_stage FROM ${db}.bi_lead_funnel WHERE is_active ORDER BY person_id`)).toEqual([
      ['p1', 'won'],
      ['p2', 'rejected'],
      ['p3', 'recycled'],
      ['p4', 'known'],
      ['p5', 'known'],
    ])
    expect(
      await select(
        `SELECT person_id, owner_id, outcome, rejection_reason, hours_to_follow_up, never_followed_up, overdue
         FROM ${db}.bi_mql_handoffs WHERE definition_id = 'hand' AND version = 1 ORDER BY person_id`,
      ),
    ).toEqual([
      ['p1', 'rep-a', 'accepted', '', 12, false, false],
      ['p2', 'rep-a', 'rejected', 'no budget', 24, false, false],
      ['p3', 'rep-b', 'recycled', '', null, true, true],
    ])
  })

  it('compares a candidate with the active version: who qualifies only under one of them', async () => {
    expect((await replay(2)).state).toBe('done')

    const { status, body } = await getJson(`${running.url}/v1/lead-definitions/compare?candidate=hand@2&asOf=${handoffAsOf}`)

    expect(status).toBe(200)
    expect(body.base.definition).toEqual({ definitionId: 'hand', version: 1, active: true })
    expect(body.candidate.definition).toEqual({ definitionId: 'hand', version: 2, active: false })
    expect(body.mqls).toEqual({ onlyBase: { count: 1, sample: ['p3'] }, onlyCandidate: { count: 1, sample: ['p4'] }, both: 2 })
    expect(body.base.funnel).toEqual(funnelV1)
    expect(body.candidate.funnel).toEqual(funnelV2)
    expect(body.base.handoffs).toEqual(handoffsV1)
    expect(body.candidate.handoffs).toMatchObject({ mqls: 3, handedOff: 2, accepted: 1, rejected: 1, neverFollowedUp: 1, overdue: 1 })
  })

  it('activates the candidate under concurrent queries: every answer is wholly one version, none fails', async () => {
    const answers: { status: number; body: any; sentAt: number; answeredAt: number }[] = []
    let batchesAfterActivation = -1
    const timedQuery = async () => {
      const sentAt = performance.now()
      const answer = await getJson(`${running.url}/v1/funnel?asOf=${handoffAsOf}`)
      return { ...answer, sentAt, answeredAt: performance.now() }
    }
    const querying = (async () => {
      while (batchesAfterActivation < 3) {
        answers.push(...(await Promise.all(Array.from({ length: 4 }, timedQuery))))
        if (batchesAfterActivation >= 0) batchesAfterActivation += 1
      }
    })()
    await eventually(async () => answers.length >= 8, 'queries answered before the activation')
    const activated = await post(`${running.url}/v1/lead-definitions/hand/activate?version=2`)
    batchesAfterActivation = 0
    await querying

    expect(activated.status).toBe(200)
    const versions = answers.map(({ status, body }) => {
      expect(status).toBe(200)
      expect(body.totals).toEqual(body.definition.version === 1 ? funnelV1 : funnelV2)
      return body.definition.version
    })
    // Old answers, then new ones: once an answer said version 2, no query sent after it went back. (Queries in flight
    // together may resolve the version in any order, whatever order their answers are listed in.)
    expect(versions.indexOf(2)).toBeGreaterThan(0)
    const firstNewAnswer = Math.min(...answers.filter(({ body }) => body.definition.version === 2).map(({ answeredAt }) => answeredAt))
    expect(answers.filter(({ sentAt }) => sentAt > firstNewAnswer).map(({ body }) => body.definition.version)).not.toContain(1)
    // The previous version stays readable by id.
    const previous = await getJson(`${running.url}/v1/funnel${v1}`)
    expect(previous.body).toMatchObject({ definition: { version: 1, active: false }, totals: funnelV1 })
  })

  it('moves credit with the MQL milestone and counts cost per MQL under the version in use', async () => {
    // p4, who qualifies on the pricing page only under hand@2, opens a deal on day 10; the pricing campaign spent 100.
    const more = [
      { eventId: 'd2-created', type: 'deal.created', occurredAt: '2025-01-11T00:00:00Z', data: { dealId: 'd2', accountId: 'acct-1', amount: 500, currency: 'USD', contactIds: ['p4'] } },
      { eventId: 'pricing-cost', type: 'campaign.cost.recorded', occurredAt: '2025-02-01T00:00:00Z', data: { campaignId: 'c-pricing', amount: 100, currency: 'USD', periodStart: '2025-01-01T00:00:00Z', periodEnd: '2025-02-01T00:00:00Z' } },
    ]
    expect((await postJson(`${running.url}/v1/events`, more)).status).toBe(202)
    await waitUntilProjected(running.url)

    // d2's journey: the pricing view (FT, LC, and under hand@2 the MQL) and a blog view (OC). With FT 20, LC 20,
    // MQL 20, OC 30, middle 10, untaken weight is shared by the positions that are taken:
    //   hand@1: no MQL, no middle: 30 shared by FT, LC, OC -> pricing 30 + 30 = 60%, blog 40%: 300.00 / 200.00
    //   hand@2: no middle: 10 shared by FT, LC, MQL, OC -> pricing 3 x 22.5 = 67.5%, blog 32.5%: 337.50 / 162.50
    const { body } = await getJson(`${running.url}/v1/lead-definitions/compare?base=hand@1&candidate=hand@2&asOf=${handoffAsOf}`)
    expect(body.attribution.weights).toBe('ft:20,lc:20,mql:20,oc:30,middle:10')
    // Equal changes: in campaign order.
    expect(body.attribution.rows).toEqual([
      { campaignId: 'c-blog', campaignName: null, channel: 'organic', base: { pipeline: 1200, revenue: 1000 }, candidate: { pipeline: 1162.5, revenue: 1000 }, change: { pipeline: -37.5, revenue: 0 } },
      { campaignId: 'c-pricing', campaignName: null, channel: 'organic', base: { pipeline: 300, revenue: 0 }, candidate: { pipeline: 337.5, revenue: 0 }, change: { pipeline: 37.5, revenue: 0 } },
    ])

    // Cost per MQL: hand@2 (active) credits p4's MQL to the pricing campaign; hand@1 has no MQL there.
    const mqlsOf = (rows: any[]) => Object.fromEntries(rows.map((row) => [row.campaignId, [row.mqls, row.cost, row.costPerMql]]))
    const active = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear`)
    expect(active.body.definition).toEqual({ definitionId: 'hand', version: 2, active: true })
    expect(mqlsOf(active.body.rows)).toEqual({ 'c-pricing': [1, 100, 100], 'c-blog': [2, 0, null] })
    expect(active.body.totals).toMatchObject({ mqls: 3, cost: 100, costPerMql: 33.33 })
    const previous = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&definition=hand@1`)
    expect(mqlsOf(previous.body.rows)).toEqual({ 'c-pricing': [0, 100, null], 'c-blog': [3, 0, null] })

    // The deal's journey shows which touch qualified the lead, under the version asked for.
    const milestonesOf = (body: any) => body.touches.map((touch: any) => [touch.campaignId, touch.milestones])
    const journey = await getJson(`${running.url}/v1/deals/d2/journey?model=linear`)
    expect(journey.body.definition).toEqual({ definitionId: 'hand', version: 2, active: true })
    expect(milestonesOf(journey.body)).toEqual([
      ['c-pricing', ['FT', 'LC', 'MQL']],
      ['c-blog', ['OC']],
    ])
    const before = await getJson(`${running.url}/v1/deals/d2/journey?model=linear&definition=hand@1`)
    expect(milestonesOf(before.body)).toEqual([
      ['c-pricing', ['FT', 'LC']],
      ['c-blog', ['OC']],
    ])
  })

  it('answers a precise error for a malformed definition name', async () => {
    const { status, body } = await getJson(`${running.url}/v1/funnel?definition=hand@x`)
    expect(status).toBe(400)
    expect(body.errors).toEqual([{ path: 'querystring.definition', message: expect.stringContaining('@version') }])
  })
})
