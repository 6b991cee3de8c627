import { readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useBrowser, screenshotDir, type WatchedPage } from './support/browser.ts'
import { getJson, useEngine, waitUntilProjected } from './support/engine.ts'
import { loadSimulatedHistory } from './support/sampleHistory.ts'

// An oracle of our own for amounts, independent of the dashboard's formatting: the API's amounts are exact to the
// cent, and Intl rounds a double's exact value, so this is the amount as a person reads it.
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2 })
const dollars = (amount: number) => usd.format(amount)

const count = (value: number) => value.toLocaleString('en-US')
const rate = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`)
/** "$1,234.56" as integer cents. */
const centsIn = (shown: string) => {
  const [whole = '', fraction = ''] = shown.replace(/[$,]/g, '').split('.')
  return Number(whole) * 100 + Number(fraction)
}
const example = (name: string) => readFileSync(path.resolve('packages/domain/lead-definitions', `${name}.yaml`), 'utf8')

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
    ['w_shaped', 'model=w_shaped&mapping=account'],
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

  it('shows the figures of a saved custom model, chosen from the list of models', async () => {
    const saved = await fetch(`${running.url}/v1/attribution/models/our-model`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ weights: 'ft:10,lc:10,oc:70,middle:10' }),
    })
    expect(saved.status).toBe(202)
    await waitUntilProjected(running.url)
    const { body: api } = await getJson(`${running.url}/v1/revenue-by-campaign?model=custom&customModel=our-model`)
    expect(api.customModel).toBe('our-model')
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/?model=linear`, 'section[data-model="linear"][aria-busy="false"]')
    await watched.page.selectOption('select[name="model"]', 'saved:our-model')
    await watched.page.waitForURL(/customModel=our-model/)
    await watched.page.locator('section[data-model="custom"][aria-busy="false"]').waitFor()
    expect(await figure(watched, 'pipeline')).toBe(dollars(api.totals.pipeline))
    expect(await figure(watched, 'revenue')).toBe(dollars(api.totals.revenue))
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

  it("shows the API's message when it refuses a question, and says so when a window holds nothing", async () => {
    const { status, body: refusal } = await getJson(`${running.url}/v1/revenue-by-campaign?model=linear&from=2025-03-01&to=2025-01-01`)
    expect(status).toBe(400)
    const watched = await browser.open(running.url)
    await watched.page.goto(`${running.url}/?model=linear&from=2025-03-01&to=2025-01-01`)
    const alert = watched.page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain(refusal.message)
    expect(await alert.innerText()).toContain('querystring.to')
    await shot(watched, 'error')

    await watched.page.goto(`${running.url}/?model=linear&from=1990-01-01&to=1990-02-01`)
    await watched.page.locator('.state.empty').waitFor()
    expect(await watched.page.locator('.state.empty').innerText()).toContain('No campaign has pipeline, revenue or cost in this window')
  })

  it('publishes a definition from the page, shows a broken one\'s errors at their line, replays it with progress and activates it', async () => {
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/definitions`, '[data-active]')
    expect(await watched.page.locator('[data-active]').getAttribute('data-active')).toBe('')

    // A broken document: the API's own verdict says which line, and the page marks that line.
    const broken = example('intent-and-fit').replace(/^version: 1$/m, 'version: one')
    const verdict = await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: broken })
    expect(verdict.status).toBe(400)
    const { errors } = (await verdict.json()) as { errors: { path: string; line: number }[] }
    const line = errors[0]!.line
    expect(broken.split('\n')[line - 1]).toBe('version: one')
    await watched.page.fill('textarea[name="document"]', broken)
    await watched.page.click('button[type="submit"]')
    await watched.page.locator(`.line-error[data-line="${line}"]`).waitFor()
    expect(await watched.page.getByRole('alert').innerText()).toContain(`line ${line}`)
    await shot(watched, 'definitions-error')

    for (const name of ['intent-and-fit', 'activity-based']) {
      await watched.page.fill('textarea[name="document"]', example(name))
      await watched.page.click('button[type="submit"]')
      const row = watched.page.locator(`tr[data-row="${name}@1"]`)
      await row.waitFor()
      expect(await row.locator('[data-column="state"]').innerText()).toBe('published')
      await row.locator('[data-action="replay"]').click()
      await watched.page.locator('progress').waitFor()
      expect(new URL(watched.page.url()).searchParams.get('job')).toBeTruthy()
      await watched.page.locator('[data-replay-state="done"]').waitFor({ timeout: 120_000 })
      await row.locator('[data-column="state"]', { hasText: 'replayed' }).waitFor()
    }

    const intent = watched.page.locator('tr[data-row="intent-and-fit@1"]')
    await intent.locator('[data-action="activate"]').click()
    await watched.page.getByRole('alertdialog').waitFor()
    await watched.page.click('[data-action="confirm-activate"]')
    await watched.page.locator('[data-active="intent-and-fit@1"]').waitFor()
    expect(await intent.locator('[data-column="state"]').innerText()).toBe('active')
    const { body: listed } = await getJson(`${running.url}/v1/lead-definitions`)
    expect(listed.active).toEqual({ definitionId: 'intent-and-fit', version: 1 })

    await watched.page.locator('tr[data-row="activity-based@1"] [data-action="compare"]').click()
    await watched.page.locator('[data-comparison="activity-based@1"]').waitFor()
    const { body: comparison } = await getJson(`${running.url}/v1/lead-definitions/compare?candidate=activity-based@1`)
    expect(await figure(watched, 'onlyCandidate')).toBe(count(comparison.mqls.onlyCandidate.count))
    expect(await figure(watched, 'onlyBase')).toBe(count(comparison.mqls.onlyBase.count))
    expect(await figure(watched, 'both')).toBe(count(comparison.mqls.both))
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'definitions')
  })

  it("shows the funnel's numbers as the API answers them, grouped as the URL says", async () => {
    const { body: api } = await getJson(`${running.url}/v1/funnel?groupBy=channel`)
    expect(Object.values(api.totals.stages as Record<string, number>).some((value) => value > 0)).toBe(true)
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/funnel?groupBy=channel`, '[data-figure="stage-mql"]')
    for (const [stage, persons] of Object.entries(api.totals.stages as Record<string, number>)) {
      expect(await figure(watched, `stage-${stage}`)).toBe(count(persons))
    }
    expect(await figure(watched, 'wonRevenue')).toBe(dollars(api.wonRevenue.total))
    const conversion = api.totals.conversions[0]
    const firstStep = watched.page.locator(`tr[data-row="${conversion.from}-${conversion.to}"]`)
    expect(await firstStep.locator('[data-column="entered"]').innerText()).toBe(count(conversion.entered))
    expect(await firstStep.locator('[data-column="rate"]').innerText()).toBe(rate(conversion.rate))
    for (const group of api.groups) {
      expect(await watched.page.locator(`tr[data-row="${group.key}"] [data-column="mql"]`).innerText()).toBe(count(group.stages.mql))
    }
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'funnel')
  })

  it("shows handoff health and each owner's numbers as the API answers them", async () => {
    const { body: api } = await getJson(`${running.url}/v1/handoffs`)
    expect(api.totals.mqls).toBeGreaterThan(0)
    expect(api.owners.length).toBeGreaterThan(0)
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/handoffs`, '[data-figure="mqls"]')
    expect(await figure(watched, 'mqls')).toBe(count(api.totals.mqls))
    expect(await figure(watched, 'acceptanceRate')).toBe(rate(api.totals.acceptanceRate))
    expect(await figure(watched, 'neverFollowedUp')).toBe(count(api.totals.neverFollowedUp))
    expect(await figure(watched, 'overdue')).toBe(count(api.totals.overdue))
    for (const owner of api.owners) {
      const row = watched.page.locator(`tr[data-row="${owner.ownerId}"]`)
      expect(await row.locator('[data-column="mqls"]').innerText()).toBe(count(owner.mqls))
      expect(await row.locator('[data-column="acceptanceRate"]').innerText()).toBe(rate(owner.acceptanceRate))
    }
    for (const reason of api.rejectionReasons) {
      expect(await watched.page.locator(`tr[data-row="${reason.reason}"] [data-column="count"]`).innerText()).toBe(count(reason.count))
    }
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'handoffs')
  })

  it("shows a deal's journey whose credits add up to the deal amount, to the cent, under the model chosen", async () => {
    const { body: listed } = await getJson(`${running.url}/v1/deals?order=amount&limit=50`)
    const deal = listed.deals.find((candidate: any) => candidate.outcome === 'won')
    expect(deal).toBeDefined()
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/journey?order=amount`, `[data-deal="${deal.dealId}"]`)
    // The list is the API's, largest first.
    const amounts = await watched.page.locator('tr[data-row^="deal-"] td[data-column="amount"]').allInnerTexts()
    expect(amounts).toEqual(listed.deals.map((listedDeal: any) => dollars(listedDeal.amount)))
    expect(amounts.map(centsIn)).toEqual(amounts.map(centsIn).sort((a, b) => b - a))
    await watched.page.click(`[data-deal="${deal.dealId}"]`)
    for (const model of ['w_shaped', 'linear', 'time_decay']) {
      if (model !== 'w_shaped') await watched.page.selectOption('select[name="model"]', model)
      await watched.page.locator(`[data-journey="${deal.dealId}"][data-model="${model}"]:not(.stale)`).waitFor()
      const { body: journey } = await getJson(`${running.url}/v1/deals/${deal.dealId}/journey?model=${model}`)
      expect(journey.touches.length).toBeGreaterThan(0)
      const credits = await watched.page.locator('[data-journey] tbody td[data-column="pipeline"]').allInnerTexts()
      expect(credits).toEqual(journey.touches.map((touch: any) => dollars(touch.pipeline)))
      const summed = credits.reduce((sum, shown) => sum + centsIn(shown), 0)
      expect(summed).toBe(Math.round(deal.amount * 100))
      expect(await watched.page.locator('[data-total="pipeline"]').innerText()).toBe(dollars(deal.amount))
      expect(await watched.page.locator('[data-total="revenue"]').innerText()).toBe(dollars(deal.wonAmount))
    }
    const url = new URL(watched.page.url())
    expect([url.pathname, url.searchParams.get('deal'), url.searchParams.get('model')]).toEqual(['/journey', deal.dealId, 'time_decay'])
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'journey')
  })

  it('compares models side by side with the totals the compare endpoint gives', async () => {
    const models = 'first_touch,linear,w_shaped'
    const { body: api } = await getJson(`${running.url}/v1/attribution/compare?models=${models}`)
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/compare?models=${models}`, `section[data-models="${models}"][aria-busy="false"]`)
    for (const model of models.split(',')) {
      expect(await watched.page.locator(`[data-total="${model}"]`).innerText()).toBe(dollars(api.totals[model].revenue))
    }
    await watched.page.check('input[name="models"][value="last_touch"]')
    await watched.page.locator(`section[data-models="${models},last_touch"][aria-busy="false"]`).waitFor()
    const { body: four } = await getJson(`${running.url}/v1/attribution/compare?models=${models},last_touch`)
    expect(await watched.page.locator('[data-total="last_touch"]').innerText()).toBe(dollars(four.totals.last_touch.revenue))
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'compare')
  })

  it("shows the event store's head and the projection lag", async () => {
    const { body: api } = await getJson(`${running.url}/v1/status`)
    const watched = await browser.open(running.url)
    await openAt(watched, `${running.url}/status`, '[data-verdict]')
    expect(await figure(watched, 'events')).toBe(count(api.eventStore.events))
    expect(await figure(watched, 'head')).toBe(api.eventStore.head)
    expect(await figure(watched, 'lag')).toBe('0')
    expect(await watched.page.locator('[data-verdict]').getAttribute('data-verdict')).toBe('current')
    expect(watched.scriptErrors).toEqual([])
    await shot(watched, 'status')
  })

  it.each([
    ['/', '[data-figure="revenue"]'],
    ['/compare', '[data-total]'],
    ['/funnel', '[data-figure="stage-mql"]'],
    ['/handoffs', '[data-figure="mqls"]'],
    ['/definitions', '[data-active]'],
    ['/journey', '[data-deal]'],
    ['/status', '[data-verdict]'],
  ])('loads %s on a phone without a script error or a page wider than the screen', async (pagePath, ready) => {
    const watched = await browser.open(running.url, { width: 390, height: 844 })
    await openAt(watched, `${running.url}${pagePath}`, ready)
    // Evaluated in the page, as text: the test itself is compiled without the DOM's types.
    const overflow = (await watched.page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number
    expect(overflow).toBeLessThanOrEqual(0)
    expect(watched.scriptErrors).toEqual([])
    expect(watched.foreignRequests).toEqual([])
    await shot(watched, `phone${pagePath === '/' ? '-overview' : pagePath.replace('/', '-')}`)
  })
})
