import { ApiError, call as callApi } from './apiClient.ts'
import { ProgressBar } from './progress.ts'

export interface RolloutOptions {
  /** Where the engine's API answers, e.g. http://127.0.0.1:3000. */
  url: string
  /** The definition document as written. */
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

/**
 * Rolls a lead definition out through the API, the way revenue operations would by hand: publish the document, replay
 * all of history under it (with a progress bar), compare it with the active version, and activate it if asked. Going
 * through HTTP makes it work the same against the embedded engine and a server deployment.
 */
export async function rollOut(options: RolloutOptions): Promise<RolloutResult> {
  const { url, stream } = options
  const call = <T>(at: string, method: 'GET' | 'POST', path: string, more: { body?: string; type?: string } = {}) =>
    callApi<T>(at, method, path, { ...more, apiKey: options.apiKey })
  const published = await call<{ definitionId: string; version: number }>(url, 'POST', '/v1/lead-definitions', {
    body: options.document,
    type: options.format === 'yaml' ? 'application/yaml' : 'application/json',
  })
  const { definitionId, version } = published
  const name = `${definitionId}@${version}`
  const { statusUrl } = await call<{ statusUrl: string }>(url, 'POST', `/v1/lead-definitions/${encodeURIComponent(definitionId)}/replay?version=${version}`)
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
  progress?.finish(`replayed ${name}: ${job.eventsTotal.toLocaleString('en-US')} events, ${job.personsTotal.toLocaleString('en-US')} persons in ${seconds.toFixed(1)} s`)

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
  if (options.activate) {
    await call(url, 'POST', `/v1/lead-definitions/${encodeURIComponent(definitionId)}/activate?version=${version}`)
    stream?.write(`activated ${name}: funnel, handoff and attribution queries use it from now on\n`)
  } else {
    stream?.write(`not activated; to activate: POST ${url}/v1/lead-definitions/${definitionId}/activate?version=${version}\n`)
  }
  return {
    definitionId,
    version,
    job: { eventsTotal: job.eventsTotal, eventsPerSecond: job.eventsPerSecond, personsTotal: job.personsTotal, seconds },
    ...(comparison ? { comparison } : {}),
    activated: options.activate,
  }
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
