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

  beforeAll(async () => {
    server = await openApiServer(loadConfig({ dataDir: data.dir, port: 0, host: '127.0.0.1' }, {}))
    url = await server.listen()
  })
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
})
