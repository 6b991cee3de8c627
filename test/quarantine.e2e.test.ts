import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Event } from '@attribution/contracts'
import { getJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { eventually } from './support/eventually.ts'

const cli = path.resolve('node_modules/.bin/attribution')

async function attribution(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(cli, args)
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

/** Written straight into the store, as an older version of the engine could have: no JavaScript date holds year 10000. */
const poison = {
  eventId: 'poison-at-the-head',
  type: 'touchpoint.recorded',
  occurredAt: '10000-01-01T00:00:00Z',
  data: { personId: 'someone', campaignId: 'c', channel: 'email', touchType: 'email_click' },
} as unknown as Event

const touch: Event = {
  eventId: 'a-sound-touch',
  type: 'touchpoint.recorded',
  occurredAt: '2026-03-01T10:00:00Z',
  data: { personId: 'someone', campaignId: 'spring', channel: 'email', touchType: 'email_click' },
}

describe('the engine with a poison event at the head of its log', () => {
  const running = useEngine('quarantine')

  it('Given a poison event at the head of the log, When the engine restarts on it, Then it answers and lists the event with its reason', async () => {
    await running.engine.store.append([touch, poison])
    await waitUntilProjected(running.url)
    await running.restart()
    await waitUntilProjected(running.url)

    expect((await getJson(`${running.url}/healthz`)).body).toEqual({ status: 'ok' })
    const status = (await getJson(`${running.url}/v1/status`)).body
    expect(status.projections[0]).toMatchObject({ lag: 0, eventsProcessed: 2, quarantined: 1, retryRequested: 0 })
    const { body } = await getJson(`${running.url}/v1/quarantine`)
    expect(body.events).toEqual([
      expect.objectContaining({
        eventId: 'poison-at-the-head',
        eventType: 'touchpoint.recorded',
        state: 'quarantined',
        attempts: 1,
        error: 'RangeError: Invalid time value',
        occurredAt: '10000-01-01T00:00:00Z',
      }),
    ])
    // The sound event of the same batch counts; the poison left nothing behind.
    const journeyTouches = await running.engine.clickhouse.client.query({
      query: `SELECT event_id FROM ${running.engine.clickhouse.table('touchpoints')} FINAL ORDER BY event_id`,
      format: 'JSONCompactEachRow',
    })
    expect(await journeyTouches.json()).toEqual([['a-sound-touch']])
  })

  it('lists and retries it from the command line, which says it still fails', async () => {
    const listed = await attribution('quarantine', 'list', '--url', running.url)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/^\d+\/\d+\ttouchpoint\.recorded\tpoison-at-the-head\tquarantined\tRangeError: Invalid time value\n$/)

    const retried = await attribution('quarantine', 'retry', '--url', running.url)
    expect(retried.stderr).toContain('retrying 1 events...')
    expect(retried.stderr).toContain('0 applied, 1 still failing')
    expect(retried.code).toBe(3)
    await eventually(async () => (await getJson(`${running.url}/v1/quarantine`)).body.events[0]?.attempts === 2, 'the retry is recorded')

    const unknown = await attribution('quarantine', 'purge', '--url', running.url)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown action 'purge': use list or retry")
  })
})
