import type { FastifyInstance, RouteOptions } from 'fastify'
import type { RouteScope } from './scopes.ts'

export interface RouteScopeEntry {
  method: string
  url: string
  scope: RouteScope | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the scope it declared: what the route table test holds against its table. */
    routeScopes(): RouteScopeEntry[]
  }
}

/** Keeps every route as it is registered; its scope is read when asked, after any plugin has set it. */
export function recordRouteScopes(app: FastifyInstance): void {
  const routes: RouteOptions[] = []
  app.addHook('onRoute', (route) => {
    routes.push(route)
  })
  app.decorate('routeScopes', () =>
    routes.flatMap((route) =>
      [route.method]
        .flat()
        // fastify adds a HEAD route for every GET route, with the same config.
        .filter((method) => method !== 'HEAD')
        .map((method) => ({ method, url: route.url, scope: (route.config as { scope?: RouteScope } | undefined)?.scope })),
    ),
  )
}

/**
 * Registers, in a context of their own, routes that need no key (the OpenAPI document and its UI, the dashboard's
 * files): plugins of others cannot declare a scope on their routes, so every route `register` adds here is public.
 */
export async function registerPublic(app: FastifyInstance, register: (scope: FastifyInstance) => Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config as object), scope: 'public' }
    })
    await register(scope)
  })
}
