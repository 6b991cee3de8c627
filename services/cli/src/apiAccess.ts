import { isLoopbackHost, type ApiLimits } from '@attribution/api'
import { embeddedPaths, type Config } from '@attribution/config'
import { openApiKeyStore, parseEventStoreUrl, type ApiKeyStore, type EventDatabase } from '@attribution/event-store'

/** The API's limits as configured (RATE_LIMIT_PER_MINUTE, CORS_ORIGINS, QUERY_CONCURRENCY). */
export function apiLimitsOf(config: Config): ApiLimits {
  const concurrent = config.queryConcurrency
  return {
    rateLimitPerMinute: config.rateLimitPerMinute,
    corsOrigins: config.corsOrigins.split(',').filter((origin) => origin !== ''),
    // One client may hold half the places (at least one), so another always finds one; 16 waiting per place.
    queries: { concurrent, perClient: Math.max(1, Math.floor(concurrent / 2)), queued: 16 * concurrent },
  }
}

/** Where `attribution keys` finds the keys: API_KEYS_URL, else the event store's own database. */
export function keyStoreUrl(config: Config): string {
  return config.apiKeysUrl ?? config.eventStoreUrl ?? embeddedPaths(config).eventStore
}

/** The keys of a deployment: in API_KEYS_URL's database when set, else beside the event log (none for KurrentDB). */
export async function openKeysOf(config: Config, database: EventDatabase): Promise<{ keys: ApiKeyStore | undefined; close: () => Promise<void> }> {
  if (!config.apiKeysUrl) return { keys: database.apiKeys, close: async () => undefined }
  const keys = await openApiKeyStore(config.apiKeysUrl)
  return { keys, close: () => keys.close() }
}

export class ProtectedModeRefusal extends Error {}

/**
 * Protected mode, as Redis has it: while no key exists the API answers only its own machine, so listening on another
 * address would only refuse everyone there. Refused before anything else is opened, saying what to do.
 */
export async function refuseUnprotectedListen(config: Config): Promise<void> {
  if (isLoopbackHost(config.host)) return
  const url = keyStoreUrl(config)
  if (parseEventStoreUrl(url).kind === 'kurrentdb') {
    throw protectedModeRefusal(config, 'The event store (KurrentDB) keeps no keys: set API_KEYS_URL=postgres://... for them. ')
  }
  const keys = await openApiKeyStore(url)
  try {
    if ((await keys.list()).length > 0) return
  } finally {
    await keys.close()
  }
  throw protectedModeRefusal(config)
}

function protectedModeRefusal(config: Config, note = ''): ProtectedModeRefusal {
  const where = config.apiKeysUrl ? 'API_KEYS_URL=... ' : config.eventStoreUrl ? 'EVENT_STORE_URL=... ' : `--data-dir ${config.dataDir} `
  return new ProtectedModeRefusal(
    `no API key exists, so the API answers only clients on this machine and will not listen on ${config.host}. ` +
      `${note}Create a key first: ${where}attribution keys create --name admin --scope admin (it prints the key once), ` +
      'then start again; or listen on 127.0.0.1.',
  )
}
