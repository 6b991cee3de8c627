import { clickHouseTimeOf, type ClickHouse } from '@attribution/clickhouse'
import type { DefinitionRef } from './definitionRef.ts'

/** `requested`: recorded by the API, not yet taken up by the projector, which runs replays (ReplayRunner). */
export type ReplayState = 'requested' | 'running' | 'done' | 'failed'

/**
 * What a replay replays: a lead definition version (the lifecycles of every person), or channel rules (the channel and
 * campaign of every touch), whose id `definitionId` then holds.
 */
export type ReplaySubject = 'lead_definition' | 'channel_rules'

/** A replay of one version over all of history, as any API instance can report it. */
export interface ReplayJob extends DefinitionRef {
  jobId: string
  /** Absent: a lead definition's, as every job was before channel rules. */
  subject?: ReplaySubject
  state: ReplayState
  personsTotal: number
  personsProcessed: number
  /** Events of history replayed: what the projection had applied when the replay started. */
  eventsTotal: number
  error?: string
  /** Epoch milliseconds. */
  startedAt: number
  updatedAt: number
  finishedAt?: number
}

let lastRevision = 0

/** Stores the job's current state as a new revision of its row. */
export async function saveReplayJob(clickhouse: ClickHouse, job: ReplayJob): Promise<void> {
  // Strictly increasing within the process, so two reports in one millisecond still replace each other in order. A
  // request is a job's first row, written by another process than the reports that follow it: revision 0, so the
  // first of them replaces it whatever the two processes' clocks say.
  lastRevision = job.state === 'requested' ? lastRevision : Math.max(Date.now(), lastRevision + 1)
  await clickhouse.client.insert({
    table: clickhouse.table('replay_jobs'),
    values: [
      {
        job_id: job.jobId,
        subject: job.subject ?? 'lead_definition',
        definition_id: job.definitionId,
        version: job.version,
        state: job.state,
        persons_total: job.personsTotal,
        persons_processed: job.personsProcessed,
        events_total: job.eventsTotal,
        error: job.error ?? '',
        started_at: clickHouseTimeOf(job.startedAt),
        updated_at: clickHouseTimeOf(job.updatedAt),
        finished_at: job.finishedAt === undefined ? null : clickHouseTimeOf(job.finishedAt),
        revision: job.state === 'requested' ? 0 : lastRevision,
      },
    ],
    format: 'JSONEachRow',
  })
}

interface JobRow {
  job_id: string
  subject: ReplaySubject
  definition_id: string
  version: number
  state: ReplayState
  persons_total: string | number
  persons_processed: string | number
  events_total: string | number
  error: string
  started_ms: string | number
  updated_ms: string | number
  finished_ms: string | number | null
}

/**
 * Replay jobs, newest first: one by id, those of a version, or those in a state; of lead definitions unless the filter
 * names another subject.
 */
export async function loadReplayJobs(
  clickhouse: ClickHouse,
  filter: ({ jobId: string } | { state: ReplayState } | DefinitionRef) & { subject?: ReplaySubject },
): Promise<ReplayJob[]> {
  const subject = filter.subject ?? 'lead_definition'
  const [where, params] =
    'jobId' in filter
      ? ['job_id = {jobId:String}', { jobId: filter.jobId }]
      : 'state' in filter
        ? ['state = {state:String} AND subject = {subject:String}', { state: filter.state, subject }]
        : [
            'definition_id = {definitionId:String} AND version = {version:UInt32} AND subject = {subject:String}',
            { definitionId: filter.definitionId, version: filter.version, subject },
          ]
  const result = await clickhouse.client.query({
    query: `
      SELECT job_id, subject, definition_id, version, state, persons_total, persons_processed, events_total, error,
             toUnixTimestamp64Milli(started_at) AS started_ms, toUnixTimestamp64Milli(updated_at) AS updated_ms,
             if(finished_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(finished_at))) AS finished_ms
      FROM ${clickhouse.table('replay_jobs')} FINAL
      WHERE ${where}
      ORDER BY started_at DESC`,
    query_params: params,
    format: 'JSONEachRow',
  })
  return (await result.json<JobRow>()).map((row) => ({
    jobId: row.job_id,
    ...(row.subject === 'channel_rules' ? { subject: row.subject } : {}),
    definitionId: row.definition_id,
    version: Number(row.version),
    state: row.state,
    personsTotal: Number(row.persons_total),
    personsProcessed: Number(row.persons_processed),
    eventsTotal: Number(row.events_total),
    ...(row.error === '' ? {} : { error: row.error }),
    startedAt: Number(row.started_ms),
    updatedAt: Number(row.updated_ms),
    ...(row.finished_ms === null ? {} : { finishedAt: Number(row.finished_ms) }),
  }))
}

/** Ids of the jobs still running anywhere (recorded as running and heard from recently). */
export async function runningReplayIds(clickhouse: ClickHouse): Promise<string[]> {
  const result = await clickhouse.client.query({
    query: `SELECT job_id FROM ${clickhouse.table('replay_jobs')} FINAL
            WHERE state = 'running' AND updated_at >= now64(3) - toIntervalSecond({staleSeconds:UInt32})`,
    query_params: { staleSeconds: staleAfterMs / 1000 },
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[string]>()).map(([jobId]) => jobId)
}

/** A job as users read it: progress in events, rate and time left. */
export interface ReplayProgress extends Omit<ReplayJob, 'state' | 'startedAt' | 'updatedAt' | 'finishedAt'> {
  state: Exclude<ReplayState, 'requested'>
  /** The share of history replayed so far, in events (persons are replayed whole, so this is their share of events). */
  eventsProcessed: number
  eventsPerSecond: number | null
  etaSeconds: number | null
  startedAt: string
  finishedAt: string | null
}

/**
 * A running job reports after every bucket, seconds apart; one silent this long died with the process running it.
 * It counts as failed: shown so, so the user starts it again, and no longer kept current by the projector.
 */
export const staleAfterMs = 5 * 60_000

/**
 * Whether the job is still under way: requested or running, and heard from recently. A request nobody took up for as
 * long counts as dead too: no projector runs.
 */
export function isRunning(job: ReplayJob, now = Date.now()): boolean {
  return (job.state === 'requested' || job.state === 'running') && now - job.updatedAt <= staleAfterMs
}

function shownState(job: ReplayJob, now: number): { state: ReplayProgress['state']; error?: string } {
  if (job.state === 'done' || job.state === 'failed') return { state: job.state }
  return isRunning(job, now) ? { state: 'running' } : { state: 'failed', error: interruption[job.state] }
}

/** Why a job that is no longer under way was not finished. */
const interruption = {
  requested: 'no projector took it up for 5 minutes (is `attribution project` running?); start the replay again',
  running: 'interrupted: no progress for 5 minutes (did the process running it stop?); start the replay again',
}

/** A job as users read it. One requested is shown running: it is under way, waiting for the projector to take it up. */
export function replayProgress(stored: ReplayJob, now = Date.now()): ReplayProgress {
  const job = { ...stored, ...shownState(stored, now) }
  const { startedAt, updatedAt: _updatedAt, finishedAt, ...rest } = job
  const share = job.state === 'done' ? 1 : job.personsTotal > 0 ? job.personsProcessed / job.personsTotal : 0
  const eventsProcessed = Math.round(job.eventsTotal * share)
  const seconds = ((finishedAt ?? now) - startedAt) / 1000
  const eventsPerSecond = seconds > 0 && eventsProcessed > 0 ? Math.round(eventsProcessed / seconds) : null
  const running = job.state === 'running'
  return {
    ...rest,
    eventsProcessed,
    eventsPerSecond,
    etaSeconds: running && eventsPerSecond ? Math.round((job.eventsTotal - eventsProcessed) / eventsPerSecond) : running ? null : 0,
    startedAt: new Date(startedAt).toISOString(),
    finishedAt: finishedAt === undefined ? null : new Date(finishedAt).toISOString(),
  }
}
