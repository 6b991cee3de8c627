import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { simulate } from '@attribution/simulation'
import { temporaryDataDir, useEngine, waitUntilProjected } from './support/engine.ts'

const cli = path.resolve('node_modules/.bin/attribution')

async function attribution(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(cli, args, { env: { ...process.env, LOG_LEVEL: 'silent' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('the attribution command', () => {
  const files = temporaryDataDir('cli-files')
  const running = useEngine('cli')
  afterAll(() => files.remove())

  it('explains itself', async () => {
    const overview = await attribution('--help')
    expect(overview.code).toBe(0)
    for (const command of ['start', 'import', 'simulate']) expect(overview.stdout).toContain(`  ${command} `)
    const help = await attribution('import', '--help')
    expect(help.stdout).toContain('usage: attribution import <file.ndjson>')
    const unknown = await attribution('strat')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'strat'")
    const badFlag = await attribution('simulate', '--acounts', '3')
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr).toContain("Unknown option '--acounts'")
  })

  it('simulates the same history as the library, deterministically', async () => {
    const file = path.join(files.dir, 'sim.ndjson')
    const result = await attribution('simulate', '--accounts', '6', '--seed', '3', '--out', file)
    expect(result.code).toBe(0)
    const expected = [...simulate({ accounts: 6, seed: 3 })].map((event) => JSON.stringify(event))
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toEqual(expected)
  })

  it('imports a file, reports duplicates on a second import, and names the lines it rejected', async () => {
    const file = path.join(files.dir, 'import.ndjson')
    const events = [...simulate({ accounts: 4, seed: 9 })].map((event) => JSON.stringify(event))
    writeFileSync(file, `${events.join('\n')}\n`)

    const first = await attribution('import', file, '--url', running.url, '--batch-size', '50')
    expect(first.stderr).toContain(`${events.length} accepted, 0 duplicates, 0 rejected`)
    expect(first.code).toBe(0)
    const again = await attribution('import', file, '--url', running.url)
    expect(again.stderr).toContain(`0 accepted, ${events.length} duplicates, 0 rejected`)

    const broken = path.join(files.dir, 'broken.ndjson')
    const lines = [
      events[0],
      '{"eventId": ',
      '{"eventId":"x","type":"deal.won","occurredAt":"2024-01-01T00:00:00Z","data":{}}',
      // Not UTF-8: read with a replacement character, "d\xff" and "d\xfe" would be one deal.
      Buffer.concat([Buffer.from('{"eventId":"w","type":"deal.won","occurredAt":"2024-01-01T00:00:00Z","data":{"dealId":"d'), Buffer.from([0xff]), Buffer.from('"}}')]),
      '{"eventId":"act","type":"lead_definition.activated","occurredAt":"2024-01-01T00:00:00Z","data":{"definitionId":"x","version":1}}',
    ]
    writeFileSync(broken, Buffer.concat(lines.map((line, index) => Buffer.concat([Buffer.from(index === 0 ? '' : '\n'), Buffer.from(line ?? '')]))))
    const rejected = await attribution('import', broken, '--url', running.url)
    expect(rejected.code).toBe(3)
    expect(rejected.stderr).toContain('0 accepted, 1 duplicates, 4 rejected')
    expect(rejected.stderr).toContain('line 2: event: not valid JSON')
    expect(rejected.stderr).toContain('line 3 (x): data.dealId: is required')
    expect(rejected.stderr).toContain('line 4: event: the line is not valid UTF-8')
    expect(rejected.stderr).toContain('line 5 (act): type: lead_definition.activated is written by the engine only')

    await waitUntilProjected(running.url)
    const status = (await (await fetch(`${running.url}/v1/status`)).json()) as { eventStore: { events: number } }
    expect(status.eventStore.events).toBe(events.length)
  })

  it('rolls a lead definition out: replay with a summary, compare with the active one, activate', async () => {
    const storedEvents = ((await (await fetch(`${running.url}/v1/status`)).json()) as { eventStore: { events: number } }).eventStore.events
    const intentAndFit = path.resolve('packages/domain/lead-definitions/intent-and-fit.yaml')
    const first = await attribution('replay', '--definition', intentAndFit, '--activate', '--url', running.url, '--json')
    expect(first.code).toBe(0)
    const summary = JSON.parse(first.stdout)
    expect(summary).toMatchObject({ definitionId: 'intent-and-fit', version: 1, activated: true })
    // Every stored event, the published definition included, was replayed.
    expect(summary.job.eventsTotal).toBe(storedEvents + 1)
    expect(summary.comparison).toBeUndefined()
    expect(first.stderr).toMatch(/replayed intent-and-fit@1: [\d,]+ events, \d+ persons in [\d.]+ s/)
    expect(first.stderr).toContain('activated intent-and-fit@1')

    const second = await attribution('replay', '--definition', path.resolve('packages/domain/lead-definitions/activity-based.yaml'), '--url', running.url, '--json')
    expect(second.code).toBe(0)
    const comparison = JSON.parse(second.stdout).comparison
    expect(comparison.base).toBe('intent-and-fit@1')
    expect(second.stderr).toContain(
      `compared with the active intent-and-fit@1: ${comparison.both} MQLs under both, ${comparison.onlyCandidate} only under activity-based@1`,
    )
    expect(second.stderr).toContain('not activated; to activate: POST')
    const listed = (await (await fetch(`${running.url}/v1/lead-definitions`)).json()) as { active: unknown }
    expect(listed.active).toEqual({ definitionId: 'intent-and-fit', version: 1 })

    expect((await attribution('replay')).stderr).toContain('--definition FILE is required')
    const unreachable = await attribution('replay', '--definition', intentAndFit, '--url', 'http://127.0.0.1:9')
    expect(unreachable.code).toBe(1)
    expect(unreachable.stderr).toContain('cannot reach the engine at http://127.0.0.1:9')
  })

  it('says plainly when no engine answers', async () => {
    const file = path.join(files.dir, 'one.ndjson')
    writeFileSync(file, '{}\n')
    const result = await attribution('import', file, '--url', 'http://127.0.0.1:9')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("no engine answers at http://127.0.0.1:9")
  })
})
