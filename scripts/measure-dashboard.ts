/**
 * The dashboard's two promises, measured: its size (every built file, raw and gzipped) and how long the overview takes
 * to show its numbers in headless Chromium against a running engine (`npm start` first).
 *
 *   pnpm -s tsx scripts/measure-dashboard.ts [http://127.0.0.1:3000] [runs]
 *
 * Each run opens a fresh page (nothing cached) at /?model=w_shaped and stops the clock when the figures of the
 * answer are shown; the engine answers identical questions from its cache after the first run, as it would a team.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { dashboardFiles } from '@attribution/dashboard'

const url = process.argv[2] ?? 'http://127.0.0.1:3000'
const runs = Number(process.argv[3] ?? 5)

function* builtFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) yield* builtFiles(full)
    else if (!entry.startsWith('.')) yield full
  }
}

let raw = 0
let gzipped = 0
for (const file of builtFiles(dashboardFiles.root)) {
  const bytes = readFileSync(file)
  const packed = gzipSync(bytes, { level: 9 }).length
  raw += bytes.length
  gzipped += packed
  console.log(`${path.relative(dashboardFiles.root, file).padEnd(32)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  ${(packed / 1024).toFixed(1).padStart(6)} KB gzipped`)
}
console.log(`${'total'.padEnd(32)} ${(raw / 1024).toFixed(1).padStart(7)} KB  ${(gzipped / 1024).toFixed(1).padStart(6)} KB gzipped`)

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const times: number[] = []
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const started = Date.now()
    await page.goto(`${url}/?model=w_shaped`)
    await page.locator('section[aria-busy="false"] [data-figure="revenue"]').waitFor({ timeout: 60_000 })
    times.push(Date.now() - started)
    await context.close()
  }
} finally {
  await browser.close()
}
const sorted = [...times].sort((a, b) => a - b)
console.log(`overview shows its numbers in ${sorted[0]} / ${sorted[Math.floor(sorted.length / 2)]} / ${sorted.at(-1)} ms (min / median / max of ${runs}; first run ${times[0]} ms)`)
