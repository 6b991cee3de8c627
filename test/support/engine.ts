import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { eventually } from './eventually.ts'
import { loadConfig } from '@attribution/config'
import { openEngine, type Engine } from '@attribution/cli'

interface RunningEngine {
  engine: Engine
  url: string
  dataDir: string
}

export function temporaryDataDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `attribution-${label}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The embedded engine on a free port, with an empty data directory unless one is given. */
async function startEngine(dataDir: string): Promise<RunningEngine> {
  const config = loadConfig({ dataDir, port: 0, host: '127.0.0.1' }, {})
  const engine = await openEngine(config)
  const url = await engine.listen()
  return { engine, url, dataDir }
}

/**
 * One engine for the tests of a describe block: started before them on a fresh data directory, stopped and removed
 * after them. `restart` stops it and starts it again on the same data.
 */
export function useEngine(label: string): { readonly url: string; readonly engine: Engine; restart(): Promise<void> } {
  const data = temporaryDataDir(label)
  let running: RunningEngine | undefined
  const current = () => {
    if (!running) throw new Error('the engine is not running: use it inside a test')
    return running
  }
  beforeAll(async () => {
    running = await startEngine(data.dir)
  })
  afterAll(async () => {
    await running?.engine.stop()
    data.remove()
  })
  return {
    get url() {
      return current().url
    },
    get engine() {
      return current().engine
    },
    async restart() {
      await current().engine.stop()
      running = await startEngine(data.dir)
    },
  }
}

export async function postJson(url: string, body: unknown, method: 'POST' | 'PUT' = 'POST'): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: response.status, body: await response.json() }
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(url)
  return { status: response.status, body: await response.json() }
}

/** Polls /v1/status until every projection has applied every stored event: what was posted is now visible. */
export async function waitUntilProjected(url: string, timeoutMs = 60_000): Promise<void> {
  let status: unknown
  const caughtUp = async () => {
    const { body } = await getJson(`${url}/v1/status`)
    status = body
    return body.projections.every((projection: { lag: number }) => projection.lag === 0)
  }
  // The last status says which projection lags and by how much: worth more than a bare timeout.
  await eventually(caughtUp, 'projections catch up', timeoutMs).catch(() => {
    throw new Error(`projections still lag after ${timeoutMs} ms: ${JSON.stringify(status)}`)
  })
}
