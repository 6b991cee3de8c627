import { Counter, Registry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { engineStatus, fakePorts, InMemoryApiKeys, publishedEvent } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { ApiMetrics } from '../metrics/apiMetrics.ts'

const touch = (eventId: string, extra: Record<string, unknown> = {}) => ({
  eventId,
  type: 'touchpoint.recorded',
  occurredAt: '2024-01-10T09:00:00Z',
  data: { anonymousId: 'cookie-7', campaignId: 'spring', channel: 'webinar', touchType: 'form_fill', ...extra },
})

/** The value of one series in Prometheus' text format, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('counts events by outcome and reason, requests by route and status, and reads lags and replays from the stores', async () => {
    const ports = fakePorts({ status: async () => engineStatus() })
    const app = await buildApp({
      ...ports,
      gauges: async () => ({
        projections: [{ name: 'facts', lagSeconds: 42.5 }],
        replays: [{ jobId: 'j1', definitionId: 'intent', version: 2, state: 'running', processed: 50, total: 200 }],
      }),
    })
    const post = (body: unknown) =>
      app.inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
    await post([touch('t-1'), touch('t-2'), touch('t-1'), touch('t-3', { favouriteColour: 'jane@example.com' }), publishedEvent('intent', 1)])
    await post([touch('t-2')])
    await post([{ eventId: 'no-type' }, { ...touch('t-4'), data: { anonymousId: 'cookie-7', channel: 'web', touchType: 'form_fill' } }])
    const response = await app.inject({ url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = response.body
    expect(sample(text, 'attribution_events_total{outcome="accepted"}')).toBe(2)
    expect(sample(text, 'attribution_events_total{outcome="duplicate"}')).toBe(2)
    expect(sample(text, 'attribution_events_total{outcome="rejected",reason="unknown_field"}')).toBe(1)
    expect(sample(text, 'attribution_events_total{outcome="rejected",reason="engine_event"}')).toBe(1)
    expect(sample(text, 'attribution_events_total{outcome="rejected",reason="missing_field"}')).toBe(1)
    expect(sample(text, 'attribution_events_total{outcome="rejected",reason="unknown_type"}')).toBe(1)
    expect(sample(text, 'attribution_event_store_appends_total')).toBe(2)
    expect(sample(text, 'attribution_http_requests_total{method="POST",route="/v1/events",status="202"}')).toBe(2)
    expect(sample(text, 'attribution_http_requests_total{method="POST",route="/v1/events",status="400"}')).toBe(1)
    expect(sample(text, 'attribution_http_request_duration_seconds_count{method="POST",route="/v1/events",status="202"}')).toBe(2)
    expect(sample(text, 'attribution_event_store_events')).toBe(1204)
    expect(sample(text, 'attribution_projection_lag_events{projection="facts"}')).toBe(14)
    expect(sample(text, 'attribution_projection_quarantined_events{projection="facts"}')).toBe(1)
    expect(sample(text, 'attribution_projection_lag_seconds{projection="facts"}')).toBe(42.5)
    expect(sample(text, 'attribution_replay_progress_ratio{definition="intent",version="2",state="running"}')).toBe(0.25)
    // What producers wrote (an unknown field's name and value) never becomes a label.
    expect(text).not.toContain('jane@example.com')
    expect(text).not.toContain('favouriteColour')
  })

  it('labels unknown paths as one route, so clients cannot make up series', async () => {
    const app = await buildApp(fakePorts({ status: async () => engineStatus() }))
    await app.inject({ url: '/v1/persons/jane@example.com' })
    const text = (await app.inject({ url: '/metrics' })).body
    expect(sample(text, 'attribution_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1)
    expect(text).not.toContain('jane@example.com')
  })

  it("serves the registries of the parts composed with it, and the answer cache's lookups it is told of", async () => {
    const projector = new Registry()
    new Counter({ name: 'attribution_projector_events_applied_total', help: 'applied', registers: [projector] }).inc(7)
    const metrics = new ApiMetrics([projector])
    metrics.countAnswerCacheLookup({ read: 'answer', hit: false })
    metrics.countAnswerCacheLookup({ read: 'answer', hit: true })
    metrics.countAnswerCacheLookup({ read: 'answer', hit: true })
    const app = await buildApp(fakePorts({ status: async () => engineStatus() }), {}, undefined, { metrics })
    const text = (await app.inject({ url: '/metrics' })).body
    expect(sample(text, 'attribution_projector_events_applied_total')).toBe(7)
    expect(sample(text, 'attribution_answer_cache_lookups_total{read="answer",result="hit"}')).toBe(2)
    expect(sample(text, 'attribution_answer_cache_lookups_total{read="answer",result="miss"}')).toBe(1)
  })

  it('needs the read scope', async () => {
    const keys = new InMemoryApiKeys()
    const ingest = keys.create('producer', ['ingest'])
    const read = keys.create('grafana', ['read'])
    const app = await buildApp({ ...fakePorts({ status: async () => engineStatus() }), keys })
    expect((await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${ingest}` } })).statusCode).toBe(403)
    expect((await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${read}` } })).statusCode).toBe(200)
  })

  it("serves this process's counters when the stores do not answer", async () => {
    const app = await buildApp(fakePorts({ status: async () => Promise.reject(new Error('ClickHouse is away')) }))
    const response = await app.inject({ url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('attribution_http_requests_total')
  })
})
