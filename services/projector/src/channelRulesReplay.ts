import type { ClickHouse } from '@attribution/clickhouse'
import { channelRulesStream } from '@attribution/contracts'
import { channelClassifier, channelRulesVersions, formatDefinitionError, parseChannelRules, stateOf } from '@attribution/domain'
import type { EventStore } from '@attribution/event-store'
import {
  classifyDerivedTouches,
  countDerivedTouches,
  loadChannelRuleSets,
  readCheckpoint,
  rulesRef,
  type ReplayJob,
} from '@attribution/read-model'
import { publicationProjected } from './publicationProjected.ts'
import { recordReplay, ReplayRefused } from './replay.ts'
import { replayReporter } from './replayReport.ts'

export interface ChannelRulesReplayRequest {
  clickhouse: ClickHouse
  /** Where the version's publication is read: the rules' stream, which has it before the read model does. */
  store: Pick<EventStore, 'readStream'>
  rulesId: string
  version: number
}

export interface ChannelRulesReplayOptions extends ChannelRulesReplayRequest {
  /** The facts projection whose tables the replay reads. */
  projection?: string
  /** Touches per step: bounds memory, and sets how often progress is reported. */
  touchesPerStep?: number
  onProgress?: (job: ReplayJob) => void
}

/**
 * Records a request to replay a published version of channel rules, for the projector to run (ReplayRunner); refused
 * when the version is not published (404) or is being replayed already (409). What the API does; it runs nothing.
 */
export async function requestChannelRulesReplay(request: ChannelRulesReplayRequest): Promise<ReplayJob> {
  await rulesPublication(request)
  return recordReplay(request.clickhouse, 'channel_rules', { definitionId: request.rulesId, version: request.version })
}

/**
 * Runs a requested replay of channel rules where projections run: classifies every derived touch of history under the
 * version, into touch_channels, one pass over the touch facts by key ranges. A touch's credit share under the
 * rule-based models does not depend on its channel, so this is all a version needs to be asked, compared and
 * activated. From the moment the job is recorded the projector classifies new touches under it too
 * (touchClassifications.ts): a batch writes its facts before it looks the versions in use up, so a touch is either read
 * here or classified there, and both write the same row (the classification is a pure function of the touch).
 * Progress counts touches (in `personsTotal` and `personsProcessed`, as lead definitions' replays count persons).
 * Resolves with the job as it ended, done or failed with the reason; never rejects.
 */
export async function runChannelRulesReplay(requested: ReplayJob, options: ChannelRulesReplayOptions): Promise<ReplayJob> {
  const { clickhouse, rulesId, version } = options
  const job: ReplayJob = { ...requested }
  const report = replayReporter(clickhouse, job, options.onProgress)
  const ref = rulesRef({ rulesId, version })
  try {
    const { document, format, position } = await rulesPublication(options)
    const parsed = parseChannelRules(document, format)
    if (!parsed.ok) throw new Error(`${ref} cannot be read: ${parsed.errors.slice(0, 3).map(formatDefinitionError).join('; ')}`)
    const classify = channelClassifier(parsed.rules)
    await report({ state: 'running' })
    const projection = options.projection ?? 'facts'
    await publicationProjected({
      clickhouse,
      projection,
      name: ref,
      isProjected: async () => (await loadChannelRuleSets(clickhouse, rulesId)).some((stored) => stored.version === version),
      position,
      heartbeat: () => report({}),
    })
    const { eventsProcessed } = await readCheckpoint(clickhouse, projection)
    await report({ eventsTotal: eventsProcessed, personsTotal: await countDerivedTouches(clickhouse) })
    // Touches that arrived since the count are classified too: the count is where the job stood, not a cap.
    await classifyDerivedTouches(clickhouse, ref, classify, options.touchesPerStep, (touches) =>
      report({ personsProcessed: Math.min(job.personsTotal, job.personsProcessed + touches) }),
    )
    await report({ state: 'done', personsProcessed: job.personsTotal, finishedAt: Date.now() })
  } catch (error) {
    await report({ state: 'failed', error: (error as Error).message, finishedAt: Date.now() })
  }
  return { ...job }
}

/** The version's publication as its stream holds it, and where it stands in the log; refused when not published. */
async function rulesPublication({ store, rulesId, version }: ChannelRulesReplayRequest) {
  const stream = await store.readStream(channelRulesStream(rulesId))
  const stored = stateOf(channelRulesVersions, stream.map(({ event }) => event)).versions.get(version)
  if (!stored) throw new ReplayRefused(`channel rules ${rulesId}@${version} are not published; publish them with POST /v1/channel-rules first`, 404)
  const { position } = stream.find(({ event }) => event.eventId === stored.eventId)!
  return { ...stored, position }
}
