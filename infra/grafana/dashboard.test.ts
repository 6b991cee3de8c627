import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildApp } from '@attribution/api'
import { engineStatus, fakePorts } from '@attribution/api/testing'
import { IngestorMetrics } from '@attribution/ingestor'
import { ProjectorMetrics } from '@attribution/projector'

const metricNames = (text: string): Set<string> => new Set([...text.matchAll(/^# TYPE (attribution_[a-z_]+) /gm)].map(([, name]) => name ?? ''))

/** What every process of the engine serves at /metrics: the API's route, the projector's and the ingestor's endpoints. */
async function servedByEveryProcess(): Promise<Set<string>> {
  const app = await buildApp(fakePorts({ status: async () => engineStatus() }))
  const api = (await app.inject({ url: '/metrics' })).body
  const projector = await new ProjectorMetrics().registry.metrics()
  const ingestor = await new IngestorMetrics().registry.metrics()
  return new Set([api, projector, ingestor].flatMap((text) => [...metricNames(text)]))
}

describe('the Grafana dashboard (infra/grafana)', () => {
  const dashboard = readFileSync(new URL('attribution-dashboard.json', import.meta.url), 'utf8')
  const charted = new Set([...dashboard.matchAll(/attribution_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')))

  it('charts only metrics that some process serves at /metrics', async () => {
    const served = await servedByEveryProcess()
    expect(charted.size).toBeGreaterThan(8)
    expect([...charted].filter((name) => !served.has(name))).toEqual([])
  })

  it('charts every metric the processes serve', async () => {
    const served = await servedByEveryProcess()
    expect([...served].filter((name) => !charted.has(name))).toEqual([])
  })
})
