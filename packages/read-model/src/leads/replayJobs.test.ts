import { describe, expect, it } from 'vitest'
import { replayProgress, type ReplayJob } from './replayJobs.ts'

const started = Date.UTC(2026, 0, 1)
const job: ReplayJob = {
  jobId: 'j1',
  definitionId: 'intent-and-fit',
  version: 2,
  state: 'running',
  personsTotal: 400,
  personsProcessed: 100,
  eventsTotal: 10_000,
  startedAt: started,
  updatedAt: started + 5_000,
}

describe('replayProgress', () => {
  it('Given a quarter of the persons replayed in 5 s, When reported, Then a quarter of the events at 500/s, 15 s left', () => {
    const { startedAt: _startedAt, updatedAt: _updatedAt, ...unchanged } = job

    expect(replayProgress(job, started + 5_000)).toEqual({
      ...unchanged,
      eventsProcessed: 2_500,
      eventsPerSecond: 500,
      etaSeconds: 15,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: null,
    })
  })

  it('Given a finished job, When reported, Then every event is processed, at the rate of the whole run, nothing left', () => {
    const done = { ...job, state: 'done' as const, personsProcessed: 400, finishedAt: started + 20_000, updatedAt: started + 20_000 }

    expect(replayProgress(done, started + 60_000)).toMatchObject({ eventsProcessed: 10_000, eventsPerSecond: 500, etaSeconds: 0, finishedAt: '2026-01-01T00:00:20.000Z' })
  })

  it('Given a running job silent for more than 5 minutes, When reported, Then it shows as failed: its process stopped', () => {
    expect(replayProgress(job, job.updatedAt + 5 * 60_000).state).toBe('running')
    expect(replayProgress(job, job.updatedAt + 5 * 60_000 + 1)).toMatchObject({ state: 'failed', error: expect.stringContaining('start the replay again') })
  })

  it('Given a job requested and not yet taken up by the projector, When reported, Then it is running with nothing done yet', () => {
    const requested: ReplayJob = { ...job, state: 'requested', personsTotal: 0, personsProcessed: 0, eventsTotal: 0, updatedAt: started }

    expect(replayProgress(requested, started + 5 * 60_000)).toMatchObject({ state: 'running', eventsProcessed: 0, eventsPerSecond: null, etaSeconds: null })
    expect(replayProgress(requested, started + 5 * 60_000 + 1)).toMatchObject({
      state: 'failed',
      error: expect.stringContaining('no projector took it up for 5 minutes (is `attribution project` running?)'),
    })
  })
})
