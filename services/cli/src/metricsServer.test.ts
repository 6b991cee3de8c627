import { describe, expect, it } from 'vitest'
import { ProjectorMetrics } from '@attribution/projector'
import { metricsListenOf, serveMetrics } from './metricsServer.ts'

describe('serveMetrics', () => {
  it('answers GET /metrics with the registry in Prometheus text format on loopback, and nothing else', async () => {
    const metrics = new ProjectorMetrics()
    metrics.eventsApplied.inc(3)
    const server = await serveMetrics(metrics.registry, { host: '127.0.0.1', port: 0 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
      const response = await fetch(server.url)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      expect(await response.text()).toContain('attribution_projector_events_applied_total 3')
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404)
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(405)
    } finally {
      await server.close()
    }
  })
})

describe('metricsListenOf', () => {
  it('takes the flag over METRICS_PORT, listens on loopback unless told otherwise, and is off when neither is set', () => {
    expect(metricsListenOf({}, {})).toBeUndefined()
    expect(metricsListenOf({}, { METRICS_PORT: '9464' })).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(metricsListenOf({ 'metrics-port': '9465' }, { METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toEqual({ host: '0.0.0.0', port: 9465 })
    expect(() => metricsListenOf({ 'metrics-port': 'lots' }, {})).toThrow(/must be a port number/)
  })
})
