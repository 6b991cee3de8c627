import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowser, screenshotDir, type WatchedPage } from './support/browser.ts'
import { getJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { loadSimulatedHistory } from './support/sampleHistory.ts'

// An oracle of our own for amounts, independent of the dashboard's formatting: the API's amounts are exact to the
// cent, and Intl rounds a double's exact value, so this is the amount as a person reads it.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 })
const dollars = (amount: number) => usd.format(amount)

const figure = (watched: WatchedPage, name: string) => watched.page.locator(`[data-figure="${name}"] dd`).innerText()

/** Opens a page of the dashboard and waits until the answer for `ready` (a selector) is shown, not a loading one. */
async function openAt(watched: WatchedPage, url: string, ready: string): Promise<number> {
  const started = Date.now()
  await watched.page.goto(url)
  await watched.page.locator(ready).first().waitFor({ state: 'visible', timeout: 30_000 })
  return Date.now() - started
}

describe('the dashboard in a real browser', () => {
  const running = useEngine('dashboard')
  const browser = useBrowser()
  const shot = (watched: WatchedPage, name: string) => watched.page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true })

  beforeAll(async () => {
    await loadSimulatedHistory(running.engine, 40)
    await waitUntilProjected(running.url, 240_000)
  }, 300_000)

  it('is served at / by the engine itself and loads nothing from outside it', async () => {
    const index = await fetch(`${running.url}/?model=linear`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toMatch(/^text\/html/)
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/`, 'section[aria-busy="false"] [data-figure="revenue"]')
    expect(await watched.page.locator('h1').innerText()).toBe('Revenue by campaign')
    expect(watched.foreignRequests).toEqual([])
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'overview')
  })

  it.each([
    ['first_touch', 'model=first_touch'],
    ['linear', 'model=linear&level=channel'],
    ['time_decay', 'model=time_decay&from=2025-01-01'],
    ['custom', 'model=custom&weights=ft:40,lc:20,oc:40'],
  ])('shows the figures the API answers under %s, chosen through the URL', async (model, query) => {
    const { body: api } = await getJson(`${running.url}/v1/revenue-by-campaign?${query}`)
    expect(api.rows.length).toBeGreaterThan(0)
    const watched = await browser.open(running.url)
    const shown = await openAt(watched, `${running.url}/?${query}`, `section[data-model="${model}"][aria-busy="false"]`)
    console.info(`overview (${query}) showed its numbers ${shown} ms after navigation`)
    expect(await figure(watched, 'pipeline')).toBe(dollars(api.totals.pipeline))
    expect(await figure(watched, 'revenue')).toBe(dollars(api.totals.revenue))
    expect(await figure(watched, 'cost')).toBe(dollars(api.totals.cost))
    // Every row of the table, to the cent, in the API's reporting currency.
    const rows = watched.page.locator('tbody tr')
    expect(await rows.count()).toBe(api.rows.length)
    for (const row of api.rows) {
      const key = row.campaignId ?? row.channel
      const cells = watched.page.locator(`tr[data-row="${key}"]`)
      expect(await cells.locator('[data-column="pipeline"]').innerText()).toBe(dollars(row.pipeline))
      expect(await cells.locator('[data-column="revenue"]').innerText()).toBe(dollars(row.revenue))
      expect(await cells.locator('[data-column="cost"]').innerText()).toBe(dollars(row.cost))
    }
    expect(watched.scriptErrors).toEqual([])
  })

  it('changes the figures when the model is switched, keeps the choice in the URL, and goes back with the back button', async () => {
    const [{ body: firstTouch }, { body: lastTouch }] = await Promise.all([
      getJson(`${running.url}/v1/revenue-by-campaign?model=first_touch`),
      getJson(`${running.url}/v1/revenue-by-campaign?model=last_touch`),
    ])
    const top = (answer: any) => [...answer.rows].sort((a: any, b: any) => b.revenue - a.revenue)[0]
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/?model=first_touch`, 'section[data-model="first_touch"][aria-busy="false"]')
    const row = (campaignId: string) => watched.page.locator(`tr[data-row="${campaignId}"] [data-column="revenue"]`)
    const campaign = top(firstTouch).campaignId
    const underLastTouch = lastTouch.rows.find((candidate: any) => candidate.campaignId === campaign)?.revenue ?? 0
    expect(underLastTouch).not.toBe(top(firstTouch).revenue)
    expect(await row(campaign).innerText()).toBe(dollars(top(firstTouch).revenue))

    await watched.page.selectOption('select[name="model"]', 'last_touch')
    await watched.page.locator('section[data-model="last_touch"][aria-busy="false"]').waitFor()
    expect(new URL(watched.page.url()).searchParams.get('model')).toBe('last_touch')
    expect(await row(campaign).innerText()).toBe(dollars(underLastTouch))

    await watched.page.goBack()
    await watched.page.locator('section[data-model="first_touch"][aria-busy="false"]').waitFor()
    expect(await row(campaign).innerText()).toBe(dollars(top(firstTouch).revenue))
    expect(await watched.page.locator('select[name="model"]').inputValue()).toBe('first_touch')
    expect(watched.scriptErrors).toEqual([])
  })

  it('sorts the table by a column, the choice in the URL', async () => {
    const { body: api } = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear`)
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/?model=linear&sort=cost&dir=desc`, 'section[data-model="linear"][aria-busy="false"]')
    const costs = [...api.rows].map((row: any) => row.cost).sort((a: number, b: number) => b - a)
    expect(await watched.page.locator('tbody tr td[data-column="cost"]').allInnerTexts()).toEqual(costs.map(dollars))
    await watched.page.locator('th[data-column="cost"] button').click()
    await watched.page.waitForURL(/dir=asc/)
    expect(await watched.page.locator('tbody tr td[data-column="cost"]').first().innerText()).toBe(dollars(costs.at(-1)))
  })
})
