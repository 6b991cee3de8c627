import { describe, expect, it } from 'vitest'
import { defaultAttributionOptions } from '@attribution/domain'
import {
  campaignRevenue,
  definitionComparison,
  fakePorts,
  injectTimed,
  resolvedDefinition,
  revenueAnswer,
  type RevenueAnswer,
} from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const active = resolvedDefinition('intent-and-fit', 1, { active: true })
const candidate = resolvedDefinition('intent-and-fit', 2)
const noWeights = { FT: 0, LC: 0, MQL: 0, OC: 0, CW: 0, middle: 0 }

/** Ports resolving intent-and-fit@2, and the active version for any other name, crediting campaigns under each as given. */
function comparisonPorts(credits: Record<number, RevenueAnswer> = {}) {
  return fakePorts({
    queries: {
      resolveDefinition: async (requested) => (requested === 'intent-and-fit@2' ? candidate : active),
      compareDefinitions: async () => definitionComparison(),
      revenueByCampaign: async (query) => credits[query.definition?.version ?? 0] ?? revenueAnswer([]),
    },
  })
}

async function get(url: string, ports = comparisonPorts()) {
  return { ports, ...(await injectTimed(await buildApp(ports), { url })) }
}

describe('GET /v1/lead-definitions/compare', () => {
  it('compares the candidate with the active version now, and answers both sides with their definitions', async () => {
    const { response, ports, before, after } = await get('/v1/lead-definitions/compare?candidate=intent-and-fit@2')
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.resolveDefinition')).toEqual([[undefined], ['intent-and-fit@2']])
    const [[asked]] = ports.callsOf('queries.compareDefinitions') as [[{ asOf: string }]]
    expect(asked).toEqual({ asOf: asked.asOf, base: active, candidate, sampleSize: 20 })
    expect(asked.asOf >= before && asked.asOf <= after).toBe(true)
    const comparison = definitionComparison()
    expect(response.json()).toMatchObject({
      from: null,
      to: null,
      asOf: asked.asOf,
      base: { definition: { definitionId: 'intent-and-fit', version: 1, active: true }, ...comparison.base },
      candidate: { definition: { definitionId: 'intent-and-fit', version: 2, active: false }, ...comparison.candidate },
      mqls: comparison.mqls,
    })
  })

  it('credits campaigns under the custom model once per version, the MQL placed by each, biggest change first', async () => {
    const ports = comparisonPorts({
      1: revenueAnswer([campaignRevenue('a', { pipeline: 100, revenue: 50 }), campaignRevenue('b', { pipeline: 200, revenue: 0 })]),
      2: revenueAnswer([campaignRevenue('a', { pipeline: 100.1, revenue: 50 }), campaignRevenue('c', { pipeline: 30, revenue: 10 })]),
    })
    const { response } = await get('/v1/lead-definitions/compare?candidate=intent-and-fit@2', ports)
    expect(response.statusCode).toBe(200)
    const asked = { model: 'custom', weights: { ...noWeights, FT: 20, LC: 20, MQL: 20, OC: 30, middle: 10 }, level: 'campaign', ...defaultAttributionOptions }
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([[{ ...asked, definition: active }], [{ ...asked, definition: candidate }]])
    const names = (campaignId: string) => ({ campaignId, campaignName: `Campaign ${campaignId}`, channel: 'email' })
    expect(response.json().attribution).toEqual({
      weights: 'ft:20,lc:20,mql:20,oc:30,middle:10',
      rows: [
        { ...names('b'), base: { pipeline: 200, revenue: 0 }, candidate: { pipeline: 0, revenue: 0 }, change: { pipeline: -200, revenue: 0 } },
        { ...names('c'), base: { pipeline: 0, revenue: 0 }, candidate: { pipeline: 30, revenue: 10 }, change: { pipeline: 30, revenue: 10 } },
        { ...names('a'), base: { pipeline: 100, revenue: 50 }, candidate: { pipeline: 100.1, revenue: 50 }, change: { pipeline: 0.1, revenue: 0 } },
      ],
    })
  })

  it('passes the window, the moment, the sample size and the weights asked for', async () => {
    const url =
      '/v1/lead-definitions/compare?base=intent-and-fit@1&candidate=intent-and-fit@2&from=2024-01-01&to=2024-07-01' +
      '&asOf=2024-08-01&sample=5&weights=ft:50,mql:50'
    const { response, ports } = await get(url)
    expect(response.statusCode).toBe(200)
    expect(ports.callsOf('queries.resolveDefinition')).toEqual([['intent-and-fit@1'], ['intent-and-fit@2']])
    const window = { from: '2024-01-01T00:00:00.000Z', to: '2024-07-01T00:00:00.000Z' }
    expect(ports.callsOf('queries.compareDefinitions')).toEqual([[{ ...window, asOf: '2024-08-01T00:00:00.000Z', base: active, candidate, sampleSize: 5 }]])
    expect(ports.callsOf('queries.revenueByCampaign')).toEqual([
      [expect.objectContaining({ ...window, weights: { ...noWeights, FT: 50, MQL: 50 } })],
      [expect.objectContaining({ ...window, weights: { ...noWeights, FT: 50, MQL: 50 } })],
    ])
    expect(response.json()).toMatchObject({ ...window, asOf: '2024-08-01T00:00:00.000Z', attribution: { weights: 'ft:50,mql:50' } })
  })

  it.each([
    ['no candidate', '', 'querystring.candidate'],
    ['a sample of more than 1000 ids', 'candidate=intent-and-fit@2&sample=1001', 'querystring.sample'],
    ['weights that do not sum to 100', 'candidate=intent-and-fit@2&weights=ft:10', 'querystring.weights'],
    ['a window ending before it starts', 'candidate=intent-and-fit@2&from=2024-02-01&to=2024-01-01', 'querystring.to'],
    ['a version 0', 'candidate=intent-and-fit@0', 'querystring.candidate'],
  ])('refuses %s with 400 and its path, asking nothing', async (_, query, path) => {
    const { response, ports } = await get(`/v1/lead-definitions/compare?${query}`)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path }] })
    expect(response.json().errors).toHaveLength(1)
    expect(ports.calls).toEqual([])
  })
})
