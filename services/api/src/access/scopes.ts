/** What a key may do: `ingest` post events, `read` call every GET route and /metrics, `admin` everything. */
export const scopes = ['ingest', 'read', 'admin'] as const
export type Scope = (typeof scopes)[number]

/** What a route needs: a key with a scope, or nothing (`public`: /healthz, the OpenAPI document, the dashboard). */
export type RouteScope = Scope | 'public'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Declared by every route, in one place: its route config. A route without one answers only admin keys. */
    scope?: RouteScope
    /** A query that may take seconds: it waits its turn under the cap on concurrent expensive queries. */
    expensive?: boolean
  }
}

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value)
}

/** `admin` grants every scope; the others only themselves. */
export function grants(keyScopes: readonly string[], needed: Scope): boolean {
  return keyScopes.includes('admin') || keyScopes.includes(needed)
}
