import { ApiError, call as callApi } from './apiClient.ts'
import { ProgressBar } from './progress.ts'

export interface RolloutOptions {
  /** Where the engine's API answers, e.g. http://127.0.0.1:3000. */
  url: string
  /** The document as written (a lead definition, channel rules). */
  document: string
  format: 'yaml' | 'json'
  activate: boolean
  /** Where progress and the summary go; nothing when absent. */
  stream?: NodeJS.WriteStream
  /** An admin key; default ATTRIBUTION_API_KEY. */
  apiKey?: string
}

export interface RolloutResult {
  definitionId: string
  version: number
  job: { eventsTotal: number; eventsPerSecond: number | null; personsTotal: number; seconds: number }
  /** Against the active version, when there was one other than this. */
  comparison?: { base: string; onlyBase: number; onlyCandidate: number; both: number }
  activated: boolean
}

/** What publishing and replaying a versioned document through the API gives back. */
interface Replayed {
  id: string
  version: number
  name: string
  job: ReplayStatus
  seconds: number
}

type Call = <T>(at: string, method: 'GET' | 'POST', path: string, more?: { body?: string; type?: string }) => Promise<T>

/**
 * Publishes a versioned document (a lead definition, channel rules) and replays all of history under it with a
 * progress bar: the steps every rollout shares. `path` is the document's collection (`/v1/lead-definitions`), `idOf`
 * reads the id from the publication's answer, `counted` names what the replay's job counts.
 */
async function publishAndReplay(
  options: Pick<RolloutOptions, 'url' | 'document' | 'format' | 'stream'>,
  call: Call,
  path: string,
  idOf: (published: Record<string, unknown>) => string,
  counted: string,
): Promise<Replayed> {
  const { url, stream } = options
  const published = await call<Record<string, unknown> & { version: number }>(url, 'POST', path, {
    body: options.document,
    type: options.format === 'yaml' ? 'application/yaml' : 'application/json',
  })
  const id = idOf(published)
  const { version } = published
  const name = `${id}@${version}`
  const { statusUrl } = await call<{ statusUrl: string }>(url, 'POST', `${path}/${encodeURIComponent(id)}/replay?version=${version}`)
  const progress = stream ? new ProgressBar(`replaying ${name}`, 0, stream) : undefined
  let job: ReplayStatus | undefined
  let shown = 0
  await until(async () => {
    job = await call<ReplayStatus>(url, 'GET', statusUrl)
    progress?.advance(job.eventsProcessed - shown, job.eventsTotal)
    shown = job.eventsProcessed
    return job.state !== 'running'
  }, 200)
  if (!job || job.state !== 'done') throw new ApiError(`the replay of ${name} failed: ${job?.error ?? 'unknown error'}`)
  const seconds = (Date.parse(job.finishedAt ?? new Date().toISOString()) - Date.parse(job.startedAt)) / 1000
  progress?.finish(`replayed ${name}: ${job.eventsTotal.toLocaleString('en-US')} events, ${job.personsTotal.toLocaleString('en-US')} ${counted} in ${seconds.toFixed(1)} s`)
  return { id, version, name, job, seconds }
}

/** Activates a replayed version if asked, and says so either way. */
async function activateIfAsked(options: RolloutOptions, call: Call, path: string, replayed: Replayed, effect: string): Promise<void> {
  const activation = `${path}/${encodeURIComponent(replayed.id)}/activate?version=${replayed.version}`
  if (options.activate) {
    await call(options.url, 'POST', activation)
    options.stream?.write(`activated ${replayed.name}: ${effect}\n`)
  } else {
    options.stream?.write(`not activated; to activate: POST ${options.url}${activation}\n`)
  }
}

const jobSummary = ({ job, seconds }: Replayed) => ({
  eventsTotal: job.eventsTotal,
  eventsPerSecond: job.eventsPerSecond,
  personsTotal: job.personsTotal,
  seconds,
})

const caller = (options: RolloutOptions): Call => (at, method, path, more = {}) => callApi(at, method, path, { ...more, apiKey: options.apiKey })

/**
 * Rolls a lead definition out through the API, the way revenue operations would by hand: publish the document, replay
 * all of history under it (with a progress bar), compare it with the active version, and activate it if asked. Going
 * through HTTP makes it work the same against the embedded engine and a server deployment.
 */
export async function rollOut(options: RolloutOptions): Promise<RolloutResult> {
  const { url, stream } = options
  const call = caller(options)
  const replayed = await publishAndReplay(options, call, '/v1/lead-definitions', (published) => String(published.definitionId), 'persons')
  const { name } = replayed
  const { active } = await call<{ active: { definitionId: string; version: number } | null }>(url, 'GET', '/v1/lead-definitions')
  const base = active && `${active.definitionId}@${active.version}`
  let comparison: RolloutResult['comparison']
  if (base && base !== name) {
    const { mqls } = await call<{ mqls: { onlyBase: { count: number }; onlyCandidate: { count: number }; both: number } }>(
      url,
      'GET',
      `/v1/lead-definitions/compare?candidate=${encodeURIComponent(name)}`,
    )
    comparison = { base, onlyBase: mqls.onlyBase.count, onlyCandidate: mqls.onlyCandidate.count, both: mqls.both }
    stream?.write(
      `compared with the active ${base}: ${comparison.both} MQLs under both, ${comparison.onlyCandidate} only under ${name}, ${comparison.onlyBase} only under ${base}\n`,
    )
  }
  await activateIfAsked(options, call, '/v1/lead-definitions', replayed, 'funnel, handoff and attribution queries use it from now on')
  return {
    definitionId: replayed.id,
    version: replayed.version,
    job: jobSummary(replayed),
    ...(comparison ? { comparison } : {}),
    activated: options.activate,
  }
}

export interface ChannelRulesRolloutResult {
  rulesId: string
  version: number
  /** `personsTotal` counts the touches classified. */
  job: RolloutResult['job']
  /** Against the active rules: touches that move, and the credit that moves with them under the linear model. */
  comparison?: { base: string; touchesMoved: number; touchesDerived: number; linearRevenueMoved: number; linearPipelineMoved: number }
  activated: boolean
}

/**
 * Rolls channel rules out through the API (docs/channel-rules.md): publish, replay every touch under them with a
 * progress bar, compare with the active rules, activate if asked.
 */
export async function rollOutChannelRules(options: RolloutOptions): Promise<ChannelRulesRolloutResult> {
  const { url, stream } = options
  const call = caller(options)
  const replayed = await publishAndReplay(options, call, '/v1/channel-rules', (published) => String(published.rulesId), 'touches')
  const { name } = replayed
  const { active } = await call<{ active: { rulesId: string; version: number } }>(url, 'GET', '/v1/channel-rules')
  const base = `${active.rulesId}@${active.version}`
  let comparison: ChannelRulesRolloutResult['comparison']
  if (base !== name) {
    const compared = await call<{ touches: { derived: number; moved: number }; models: Record<string, { pipelineMoved: number; revenueMoved: number }> }>(
      url,
      'GET',
      `/v1/channel-rules/compare?candidate=${encodeURIComponent(name)}`,
    )
    const linear = compared.models.linear ?? { pipelineMoved: 0, revenueMoved: 0 }
    comparison = {
      base,
      touchesMoved: compared.touches.moved,
      touchesDerived: compared.touches.derived,
      linearRevenueMoved: linear.revenueMoved,
      linearPipelineMoved: linear.pipelineMoved,
    }
    stream?.write(
      `compared with the active ${base}: ${comparison.touchesMoved} of ${comparison.touchesDerived} derived touches change channel or campaign; ` +
        `under linear ${comparison.linearRevenueMoved} of revenue and ${comparison.linearPipelineMoved} of pipeline move (totals stay)\n`,
    )
  }
  await activateIfAsked(options, call, '/v1/channel-rules', replayed, 'touches are classified under it and attribution reads use it from now on')
  return { rulesId: replayed.id, version: replayed.version, job: jobSummary(replayed), ...(comparison ? { comparison } : {}), activated: options.activate }
}

interface ReplayStatus {
  state: 'running' | 'done' | 'failed'
  eventsTotal: number
  eventsProcessed: number
  eventsPerSecond: number | null
  personsTotal: number
  error?: string
  startedAt: string
  finishedAt: string | null
}

/** Polls until `done`. */
async function until(done: () => Promise<boolean>, intervalMs: number): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, intervalMs))
}
