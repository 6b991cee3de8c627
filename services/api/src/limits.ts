import type { KeyRingOptions } from './access/keyRing.ts'
import type { QueryGateOptions } from './access/queryGate.ts'

/** How much each client may ask, and who may ask from a browser: the API's side of issue 19's limits. */
export interface ApiLimits {
  /** Requests a minute per key (RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number
  /** Origins whose pages may call the API (CORS_ORIGINS); writes from any other page are refused. */
  corsOrigins: readonly string[]
  /** The cap on concurrent expensive queries. */
  queries: QueryGateOptions
  /** How often keys are read again (tests shorten it). */
  keyRing?: KeyRingOptions
}

export const defaultLimits: ApiLimits = {
  rateLimitPerMinute: 600,
  corsOrigins: [],
  queries: { concurrent: 4, perClient: 2, queued: 64 },
}
