import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@attribution/config'
import { openApiServer, type ApiServer } from '@attribution/cli'
import { useBrowser } from './support/browser.ts'
import { getJson, temporaryDataDir } from './support/engine.ts'

/**
 * `attribution serve` (the API alone, as the server deployment runs it) serves the dashboard too. On stores with no
 * events, its pages say how to send some, and a question the API refuses shows the API's message.
 */
describe('the dashboard from attribution serve, on empty stores', () => {
  const data = temporaryDataDir('dashboard-serve')
  const browser = useBrowser()
  let server: ApiServer | undefined
  let url = ''
  const serve = async () => {
    server = await openApiServer(loadConfig({ dataDir: data.dir, port: 0, host: '127.0.0.1' }, {}))
    url = await server.listen()
  }

  beforeAll(serve)
  afterAll(async () => {
    await server?.stop()
    data.remove()
  })

  it('says there are no events yet and how to send some', async () => {
    const watched = await browser.open(url)
    await watched.page.goto(`${url}/?model=linear`)
    const empty = watched.page.locator('.state.empty')
    await empty.getByText('No events yet.').waitFor()
    expect(await empty.innerText()).toContain(`curl -X POST ${url}/v1/events`)
    expect(await watched.page.locator('[data-figure="revenue"] dd').innerText()).toBe('$0.00')
    expect(watched.scriptErrors).toEqual([])
  })

  it("shows the API's message where it refuses the question: no lead definition is active yet", async () => {
    const { status, body } = await getJson(`${url}/v1/funnel`)
    expect(status).toBe(409)
    const watched = await browser.open(url)
    await watched.page.goto(`${url}/funnel`)
    const alert = watched.page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain(body.message)
    expect(await alert.innerText()).toContain('409')
    expect(watched.scriptErrors).toEqual([])
  })

  it('reports an empty event store on the status page', async () => {
    const watched = await browser.open(url)
    await watched.page.goto(`${url}/status`)
    await watched.page.locator('[data-figure="events"]').waitFor()
    expect(await watched.page.locator('[data-figure="events"] dd').innerText()).toBe('0')
    expect(await watched.page.locator('[data-figure="head"] dd').innerText()).toBe('empty')
    expect(watched.scriptErrors).toEqual([])
  })

  it('asks for an API key once keys exist, and shows the pages with the key given', async () => {
    // The key is created as an operator does, with the CLI, on the stores the server uses (closed meanwhile).
    await server?.stop()
    const cli = path.resolve('node_modules/.bin/attribution')
    const { stdout } = await promisify(execFile)(cli, ['keys', 'create', '--name', 'viewer', '--scope', 'read', '--data-dir', data.dir], {
      env: { ...process.env, LOG_LEVEL: 'silent' },
    })
    const key = stdout.trim().split('\n').at(-1) ?? ''
    expect(key).toMatch(/^attr_/)
    await serve()
    expect((await fetch(`${url}/v1/status`)).status).toBe(401)

    const watched = await browser.open(url)
    await watched.page.goto(`${url}/status`)
    await watched.page.getByRole('alert').waitFor()
    expect(await watched.page.getByRole('alert').innerText()).toContain('this route needs an API key')
    await watched.page.fill('input[name="apiKey"]', key)
    await watched.page.click('.key-form button[type="submit"]')
    await watched.page.locator('[data-figure="events"]').waitFor()
    expect(await watched.page.locator('[data-figure="events"] dd').innerText()).toBe('0')
    // The key is the tab's: other pages of it use it too, and the URL never holds it.
    await watched.page.click('nav a[href="/funnel"]')
    await watched.page.getByRole('alert').waitFor()
    expect(await watched.page.getByRole('alert').innerText()).toContain('no lead definition is active')
    expect(watched.page.url()).not.toContain(key)
  })
})
