import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fakePorts, InMemoryApiKeys } from '../testing/index.ts'
import { buildApp } from './app.ts'
import { defaultLimits } from './limits.ts'

const built = mkdtempSync(path.join(tmpdir(), 'dashboard-files-'))
mkdirSync(path.join(built, 'assets'))
writeFileSync(path.join(built, 'index.html'), '<!doctype html><title>Attribution</title>')
writeFileSync(path.join(built, 'assets', 'main-1a2b3c.js'), 'console.log(1)')
afterAll(() => rmSync(built, { recursive: true, force: true }))

const pages = ['/', '/funnel', '/status']

describe('the dashboard', () => {
  it.each(pages)('serves the page at %s, uncached, with its query string', async (page) => {
    const app = await buildApp(fakePorts(), {}, defaultLimits, { dashboard: { root: built, pages } })
    const response = await app.inject({ url: `${page}?model=w_shaped&from=2026-01-01` })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.body).toBe('<!doctype html><title>Attribution</title>')
  })

  it('serves hashed assets cached for a year', async () => {
    const app = await buildApp(fakePorts(), {}, defaultLimits, { dashboard: { root: built, pages } })
    const response = await app.inject({ url: '/assets/main-1a2b3c.js' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(response.body).toBe('console.log(1)')
  })

  it('keeps unknown paths 404 and leaves the OpenAPI document to the API', async () => {
    const app = await buildApp(fakePorts(), {}, defaultLimits, { dashboard: { root: built, pages } })
    expect((await app.inject({ url: '/nowhere' })).statusCode).toBe(404)
    const openApi = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, unknown> }
    const documented = Object.keys(openApi.paths)
    expect(documented).toContain('/v1/status')
    expect(documented.filter((route) => pages.includes(route) || route.startsWith('/assets') || route.startsWith('/index'))).toEqual([])
  })

  it('serves the page and its files without a key once keys exist: the page asks the API with the person\'s key', async () => {
    const keys = new InMemoryApiKeys()
    keys.create('reader', ['read'])
    const app = await buildApp({ ...fakePorts(), keys }, {}, defaultLimits, { dashboard: { root: built, pages } })
    for (const url of ['/', '/funnel', '/assets/main-1a2b3c.js']) expect((await app.inject({ url })).statusCode).toBe(200)
    expect((await app.inject({ url: '/v1/status' })).statusCode).toBe(401)
    const dashboardRoutes = app.routeScopes().filter((route) => pages.includes(route.url) || route.url.startsWith('/assets') || route.url === '/index.html')
    expect(dashboardRoutes.length).toBeGreaterThan(pages.length)
    expect(dashboardRoutes.every((route) => route.scope === 'public')).toBe(true)
  })

  it('answers 503 with how to build it when the files were never built', async () => {
    const app = await buildApp(fakePorts(), {}, defaultLimits, { dashboard: { root: path.join(built, 'missing'), pages } })
    const response = await app.inject({ url: '/funnel' })
    expect(response.statusCode).toBe(503)
    expect(response.json().message).toMatch(/the dashboard is not built .*pnpm --filter @attribution\/dashboard build/)
  })

  it('serves no page without the dashboard', async () => {
    const app = await buildApp(fakePorts())
    expect((await app.inject({ url: '/' })).statusCode).toBe(404)
  })
})
