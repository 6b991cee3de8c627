import { writeRows, type ClickHouse } from '@attribution/clickhouse'
import { streamIdOf, validateEvent, type Event } from '@attribution/contracts'
import { rulesPublicationEventId } from '@attribution/domain'
import type { EventStore } from '@attribution/event-store'
import { requestChannelRulesReplay, runChannelRulesReplay } from '@attribution/projector'
import { rowsOfBatch, writeCheckpoint, type PositionedEvent } from '@attribution/read-model'
import { ProgressBar } from '../progress.ts'
import { round, timed } from './measure.ts'

export interface ChannelRulesReplayResult {
  touches: number
  /** Raw touches turned into fact rows (classified under the shipped rules) and inserted: the dataset's setup. */
  loadSeconds: number
  /** Parsing and validating the same touches from JSON, URLs read by the platform parser, no I/O: the same run. */
  parseTouchesPerSecond: number
  /** The replay itself: read every touch's facts, classify it under the candidate rules, write its row. */
  replaySeconds: number
  replayTouchesPerSecond: number
}

const LOAD_BATCH = 50_000

/** Candidate rules a revenue-operations team might write: a few of their own, the shipped ones behind them. */
const candidate = `id: bench-channels
version: 1
extends: default
rules:
  - channel: linkedin
    when: { referrerHost: ["*linkedin.com", "lnkd.in"] }
  - channel: linkedin
    when: { utmSource: linkedin }
  - channel: paid_search_brand
    campaign: "{utmCampaign}"
    when: { utmMedium: [cpc, ppc], utmCampaign: "brand*" }
  - channel: docs
    when: { urlPath: "/docs/*", hasUtm: false }
`

/**
 * Replay of channel rules over `count` raw touches (a page URL with UTM parameters, a referrer, or both, none stating
 * its channel). The touches go straight into the fact tables through the projector's own pure mapping, the parse and
 * validate rate of the same touches is measured beside it, then the clock measures the replay alone.
 */
export async function benchChannelRulesReplay(clickhouse: ClickHouse, count: number): Promise<ChannelRulesReplayResult> {
  const published: Event = {
    eventId: rulesPublicationEventId('bench-channels', 1),
    type: 'channel_rules.published',
    occurredAt: '2020-01-01T00:00:00.000Z',
    data: { rulesId: 'bench-channels', version: 1, format: 'yaml', document: candidate },
  }
  const loading = new ProgressBar('channel rules bench: loading touches', count)
  let position = 0n
  let parseMs = 0
  let batch: PositionedEvent[] = []
  const flush = async () => {
    const json = batch.map(({ event }) => JSON.stringify(event))
    const parseStarted = performance.now()
    for (const line of json) validateEvent(JSON.parse(line), { reportingCurrency: 'USD', origin: 'engine' })
    parseMs += performance.now() - parseStarted
    await writeRows(clickhouse, rowsOfBatch(batch))
    loading.advance(batch.length)
    batch = []
  }
  const { ms: loadMs } = await timed(async () => {
    for (const event of [published, ...rawTouches(count)]) {
      position += 1n
      batch.push({ event, position: { commit: position, prepare: position } })
      if (batch.length >= LOAD_BATCH) await flush()
    }
    await flush()
    await writeCheckpoint(clickhouse, 'facts', { position: { commit: position, prepare: position }, eventsProcessed: Number(position) })
  })
  loading.finish(`loaded ${count.toLocaleString('en-US')} raw touches in ${round(loadMs / 1000)} s`)

  const store: Pick<EventStore, 'readStream'> = {
    readStream: async (streamId) =>
      streamId === streamIdOf(published)
        ? [{ position: { commit: 1n, prepare: 1n }, streamId, streamVersion: 0, recordedAt: published.occurredAt, event: published }]
        : [],
  }
  const { result: job, ms: replayMs } = await timed(async () => {
    const replaying = new ProgressBar('replaying bench-channels@1', count)
    let shown = 0
    const requested = await requestChannelRulesReplay({ clickhouse, store, rulesId: 'bench-channels', version: 1 })
    const done = await runChannelRulesReplay(requested, {
      clickhouse,
      store,
      rulesId: 'bench-channels',
      version: 1,
      onProgress: (progress) => {
        replaying.advance(progress.personsProcessed - shown)
        shown = progress.personsProcessed
      },
    })
    replaying.finish()
    if (done.state !== 'done') throw new Error(`the replay failed: ${done.error}`)
    return done
  })
  return {
    touches: job.personsTotal,
    loadSeconds: round(loadMs / 1000, 1),
    parseTouchesPerSecond: Math.round(count / (parseMs / 1000)),
    replaySeconds: round(replayMs / 1000, 1),
    replayTouchesPerSecond: Math.round(job.personsTotal / (replayMs / 1000)),
  }
}

/** Deterministic raw touches over a spread of the shapes web trackers send: tagged, referred, both, neither. */
function* rawTouches(count: number): Generator<Event> {
  const sources = ['google', 'bing', 'linkedin', 'facebook', 'newsletter', 'partnerco', 'g2']
  const mediums = ['cpc', 'paid_social', 'email', 'display', 'referral', 'webinar', 'affiliate', 'organic']
  const referrers = ['https://www.google.com/', 'https://lnkd.in/x', 'https://t.co/y', 'https://news.ycombinator.com/item?id=1', 'https://www.example.com/']
  const paths = ['/', '/pricing', '/docs/setup', '/blog/attribution', '/demo']
  const day = 86_400_000
  for (let index = 0; index < count; index++) {
    const tagged = index % 3 !== 0
    const query = tagged
      ? `?utm_source=${sources[index % sources.length]}&utm_medium=${mediums[index % mediums.length]}&utm_campaign=${index % 5 === 0 ? 'brand' : 'campaign'}-${index % 97}`
      : index % 11 === 0 ? '?gclid=abc' : ''
    const referrer = index % 4 === 0 ? {} : { referrer: referrers[index % referrers.length] }
    yield {
      eventId: `bench-touch-${index}`,
      type: 'touchpoint.recorded',
      occurredAt: new Date(Date.UTC(2024, 0, 1) + (index % 365) * day).toISOString(),
      data: { anonymousId: `bench-anon-${index % 200_000}`, touchType: 'page_view', url: `https://www.example.com${paths[index % paths.length]}${query}`, ...referrer },
    } as Event
  }
}
