import { describe, expect, it } from 'vitest'
import { engineStatus, fakePorts, InMemoryApiKeys } from '../../testing/index.ts'
import { buildApp } from '../app.ts'
import { scopes, type RouteScope } from './scopes.ts'

/**
 * Every route of the API and the scope it needs. A route added without a line here fails the first test, a route
 * registered without a scope fails it too: every route is given its scope on purpose (DESIGN.md, invariant 10).
 */
const routeTable: Record<string, RouteScope> = {
  'GET /healthz': 'public',
  'GET /v1/schema/events': 'public',
  'POST /v1/events': 'ingest',
  'GET /v1/revenue-by-campaign': 'read',
  'GET /v1/attribution/compare': 'read',
  'GET /v1/attribution/models': 'read',
  'GET /v1/attribution/options': 'read',
  'PUT /v1/attribution/models/:name': 'admin',
  'GET /v1/deals': 'read',
  'GET /v1/deals/:dealId/journey': 'read',
  'GET /v1/lead-definitions': 'read',
  'POST /v1/lead-definitions': 'admin',
  'GET /v1/lead-definitions/compare': 'read',
  'POST /v1/lead-definitions/:definitionId/replay': 'admin',
  'POST /v1/lead-definitions/:definitionId/activate': 'admin',
  'GET /v1/channel-rules': 'read',
  'GET /v1/channel-rules/compare': 'read',
  'POST /v1/channel-rules': 'admin',
  'POST /v1/channel-rules/:rulesId/activate': 'admin',
  'POST /v1/channel-rules/:rulesId/replay': 'admin',
  'GET /v1/replays/:jobId': 'read',
  'GET /v1/funnel': 'read',
  'GET /v1/handoffs': 'read',
  'GET /v1/status': 'read',
  'GET /v1/quarantine': 'read',
  'POST /v1/quarantine/retry': 'admin',
  'POST /v1/persons/:personId/erase': 'admin',
  'GET /v1/erasures/:erasureId': 'admin',
  'GET /metrics': 'read',
  'OPTIONS *': 'public',
}

async function appWithKeys() {
  const keys = new InMemoryApiKeys()
  const held = Object.fromEntries(scopes.map((scope) => [scope, keys.create(`${scope}-key`, [scope])]))
  const app = await buildApp({ ...fakePorts({ status: async () => engineStatus() }), keys })
  return { app, held }
}

describe('route scopes', () => {
  it('gives every route a scope, and the table names every route', async () => {
    const { app } = await appWithKeys()
    const routes = app.routeScopes()
    const unscoped = routes.filter((route) => route.scope === undefined).map((route) => `${route.method} ${route.url}`)
    expect(unscoped, 'routes without config.scope').toEqual([])
    const documentation = routes.filter((route) => route.url.startsWith('/docs'))
    expect(documentation.length).toBeGreaterThan(0)
    expect(documentation.every((route) => route.scope === 'public')).toBe(true)
    const ours = Object.fromEntries(routes.filter((route) => !route.url.startsWith('/docs')).map((route) => [`${route.method} ${route.url}`, route.scope]))
    expect(ours).toEqual(routeTable)
  })

  const cases = Object.entries(routeTable).flatMap(([route, needed]) =>
    (['none', ...scopes] as const).map((held) => ({ route, needed, held })),
  )
  it.each(cases)('$route ($needed) with key: $held', async ({ route, needed, held }) => {
    const { app, held: keys } = await appWithKeys()
    const [method = 'GET', pattern = ''] = route.split(' ')
    const url = pattern.replace(/:[A-Za-z]+/g, 'x')
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...(held === 'none' ? {} : { authorization: `Bearer ${keys[held]}` }), 'content-type': 'application/json' },
      ...(method === 'GET' ? {} : { payload: '{}' }),
    })
    const allowed = needed === 'public' || (held !== 'none' && (held === 'admin' || held === needed))
    if (allowed) {
      expect([401, 403]).not.toContain(response.statusCode)
    } else if (held === 'none') {
      expect(response.statusCode).toBe(401)
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/)
    } else {
      expect(response.statusCode).toBe(403)
      expect(response.json().message).toContain(`needs a key with the '${needed}' scope`)
    }
  })

  it('documents the bearer scheme in OpenAPI, and which routes need no key', async () => {
    const { app } = await appWithKeys()
    const openapi = (await app.inject({ url: '/docs/json' })).json()
    expect(openapi.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(openapi.paths['/v1/events'].post.security).toEqual([{ apiKey: [] }])
    expect(openapi.paths['/healthz'].get.security).toEqual([])
  })
})
