import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

/** Where each page's screenshot goes: a test artefact, kept out of git (.cache/ is ignored). */
export const screenshotDir = path.resolve('.cache', 'screenshots')

/** Debian's Chromium (scripts/test.sh installs it), headless, with the flags docs/INFRA gives for these machines. */
async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export interface WatchedPage {
  page: Page
  /** Uncaught exceptions and console errors of the page so far: a page that works has none. */
  scriptErrors: string[]
  /** Requests that left the engine's origin: the page must load nothing from outside. */
  foreignRequests: string[]
}

/** One browser for the tests of a describe block; `open` gives a fresh page that records its script errors. */
export function useBrowser(): { open(origin: string, viewport?: { width: number; height: number }): Promise<WatchedPage> } {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launch()
    mkdirSync(screenshotDir, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
  })
  return {
    async open(origin, viewport = { width: 1280, height: 900 }) {
      if (!browser) throw new Error('the browser is not running: open pages inside a test')
      const page = await browser.newPage({ viewport })
      const scriptErrors: string[] = []
      const foreignRequests: string[] = []
      page.on('pageerror', (error) => scriptErrors.push(`${error.name}: ${error.message}`))
      page.on('console', (message) => {
        // Chromium logs every answer of 4xx as a console error; the page shows those (a refused document) itself.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) scriptErrors.push(message.text())
      })
      page.on('request', (request) => {
        const url = request.url()
        if (!url.startsWith(origin) && !url.startsWith('data:')) foreignRequests.push(url)
      })
      return { page, scriptErrors, foreignRequests }
    },
  }
}
