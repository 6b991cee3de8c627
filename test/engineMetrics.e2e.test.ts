import { describe, expect, it } from 'vitest'
import { handComputedEvents } from './fixtures/handComputedDataset.ts'
import { getJson, postJson, useEngine, waitUntilProjected } from './support/engine.ts'

/** The value of one series in Prometheus' text format, or undefined when it is not there. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

const metrics = async (url: string) => (await fetch(`${url}/metrics`)).text()

describe("the embedded engine's /metrics", () => {
  const running = useEngine('metrics')

  it("serves the projector's batches and events beside the API's counters, in one exposition", async () => {
    expect((await postJson(`${running.url}/v1/events`, handComputedEvents)).status).toBe(202)
    await waitUntilProjected(running.url)
    const text = await metrics(running.url)
    expect(sample(text, 'attribution_events_total{outcome="accepted"}')).toBe(handComputedEvents.length)
    expect(sample(text, 'attribution_projector_events_applied_total')).toBe(handComputedEvents.length)
    expect(sample(text, 'attribution_projector_batch_duration_seconds_count')).toBeGreaterThan(0)
    expect(sample(text, 'attribution_projection_batch_duration_seconds_count{projection="facts"}')).toBeGreaterThan(0)
    // One exposition: each metric described once.
    expect(text.match(/^# TYPE attribution_projector_events_applied_total /gm)).toHaveLength(1)
  })

  it('counts an answer asked twice as one miss, then one hit', async () => {
    // A training finishing between the two questions would change the data under the answer: have it done first.
    await running.engine.projector.train()
    const before = await metrics(running.url)
    const hits = sample(before, 'attribution_answer_cache_lookups_total{read="answer",result="hit"}') ?? 0
    const misses = sample(before, 'attribution_answer_cache_lookups_total{read="answer",result="miss"}') ?? 0
    const question = `${running.url}/v1/revenue-by-campaign?model=w_shaped&from=2023-01-01T00:00:00Z`
    const first = await getJson(question)
    const second = await getJson(question)
    expect(first.status).toBe(200)
    expect(second.body).toEqual(first.body)
    const after = await metrics(running.url)
    expect(sample(after, 'attribution_answer_cache_lookups_total{read="answer",result="miss"}')).toBe(misses + 1)
    expect(sample(after, 'attribution_answer_cache_lookups_total{read="answer",result="hit"}')).toBe(hits + 1)
  })
})
