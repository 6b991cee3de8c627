import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { streamIdOf, type Event } from '@attribution/contracts'
import { channelClassifier, parseChannelRules, type RawTouch } from '@attribution/domain'
import type { EventStore } from '@attribution/event-store'
import { factsProjection, requestChannelRulesReplay, runChannelRulesReplay } from '@attribution/projector'
import { writeCheckpoint, type PositionedEvent } from '@attribution/read-model'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { positionedEvents } from './support/events.ts'

const rules = `id: ours
version: 1
extends: default
rules:
  - channel: linkedin
    campaign: "li-{utmCampaign}"
    when: { utmSource: linkedin }
  - channel: docs
    when: { urlPath: "/docs/*", hasUtm: false }
`
const parsed = parseChannelRules(rules, 'yaml')
if (!parsed.ok) throw new Error('the test rules do not read')
const classify = channelClassifier(parsed.rules)

const urls = [
  'https://example.com/?utm_source=linkedin&utm_medium=cpc&utm_campaign=q3',
  'https://example.com/docs/setup',
  'https://example.com/?utm_source=google&utm_medium=cpc',
  'https://example.com/pricing',
]

/** Touches t{from}..t{to-1} (ids after `prefix`), none stating its channel, spread over the URLs above. */
const touches = (positioned: ReturnType<typeof positionedEvents>, from: number, to: number, prefix = 't') =>
  Array.from({ length: to - from }, (_, offset) => {
    const index = from + offset
    return positioned('touchpoint.recorded', '2024-02-01T00:00:00Z', {
      touchpointId: `${prefix}${String(index).padStart(4, '0')}`,
      anonymousId: `a${index % 17}`,
      touchType: 'page_view',
      url: urls[index % urls.length],
    })
  })

/** What every touch should be under the rules, computed in memory from the raw events: the latest version of each. */
function expectedRows(events: readonly PositionedEvent[]): [string, string, string][] {
  const latest = new Map<string, RawTouch>()
  for (const { event } of events) if (event.type === 'touchpoint.recorded') latest.set(event.data.touchpointId ?? event.eventId, event.data)
  return [...latest].map(([id, touch]): [string, string, string] => [id, classify(touch).channel, classify(touch).campaignId]).sort(([a], [b]) => (a < b ? -1 : 1))
}

describe('replaying channel rules over the touch facts', () => {
  let clickhouse: ClickHouse
  const positioned = positionedEvents()
  const published = positioned('channel_rules.published', '2024-01-01T00:00:00Z', { rulesId: 'ours', version: 1, format: 'yaml', document: rules })
  const history = touches(positioned, 0, 400)
  const store: Pick<EventStore, 'readStream'> = {
    readStream: async (streamId) =>
      streamId === streamIdOf(published.event as Event)
        ? [{ position: published.position, streamId, streamVersion: 0, recordedAt: '2024-01-01T00:00:00Z', event: published.event }]
        : [],
  }
  const rowsOf = async () => {
    const result = await clickhouse.client.query({
      query: `SELECT touchpoint_id, channel, campaign_id FROM ${clickhouse.table('touch_channels')} FINAL WHERE rules_ref = 'ours@1' ORDER BY touchpoint_id`,
      format: 'JSONCompactEachRow',
    })
    return result.json<[string, string, string]>()
  }
  const applied: PositionedEvent[] = []
  const apply = async (events: PositionedEvent[]) => {
    applied.push(...events)
    await factsProjection(clickhouse).apply(events, applied.length)
    const last = events.at(-1)
    if (last) await writeCheckpoint(clickhouse, 'facts', { position: last.position, eventsProcessed: applied.length })
  }

  beforeAll(async () => {
    clickhouse = await freshClickHouse('channel_replay')
    await apply([published, ...history])
  })
  afterAll(() => dropDatabase(clickhouse))

  it('Given touches arriving while it runs, When the replay is done, Then every touch is classified as the pure rules say', async () => {
    // Ids the replay has read past by the time they arrive (it reads by touch id): only the projector can classify them.
    const arriving = touches(positioned, 400, 460, 't0000-late-')
    let arrival: Promise<void> | undefined
    const job = await requestChannelRulesReplay({ clickhouse, store, rulesId: 'ours', version: 1 })
    const done = await runChannelRulesReplay(job, {
      clickhouse,
      store,
      rulesId: 'ours',
      version: 1,
      touchesPerStep: 50,
      // Between two steps of the replay, the projector applies a batch of new touches, and restates an old one.
      onProgress: (progress) => {
        if (arrival !== undefined || progress.personsProcessed === 0) return
        const restated = positioned('touchpoint.recorded', '2024-02-02T00:00:00Z', {
          touchpointId: 't0001',
          anonymousId: 'a1',
          touchType: 'page_view',
          // t0001 was a docs page (urls[1]); restated, it came from LinkedIn.
          url: urls[0],
        })
        arrival = apply([...arriving, restated])
      },
    })
    expect(done).toMatchObject({ state: 'done', personsTotal: 400, personsProcessed: 400 })
    await arrival
    expect(await rowsOf()).toEqual(expectedRows(applied))
    expect((await rowsOf()).length).toBe(460)
  })

  it('Given the same facts, When replayed again, Then the rows are the same', async () => {
    const before = await rowsOf()
    const job = await requestChannelRulesReplay({ clickhouse, store, rulesId: 'ours', version: 1 })
    expect(await runChannelRulesReplay(job, { clickhouse, store, rulesId: 'ours', version: 1, touchesPerStep: 70 })).toMatchObject({ state: 'done' })
    expect(await rowsOf()).toEqual(before)
  })
})
