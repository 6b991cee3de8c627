import { checkStreamPrefix } from './streamNames.ts'

/** Our schemes and the ones `@eventstore/db-client` 6.x understands: it predates the `kurrentdb://` name. */
const clientSchemes: Record<string, string> = {
  kurrentdb: 'esdb',
  'kurrentdb+discover': 'esdb+discover',
  esdb: 'esdb',
  'esdb+discover': 'esdb+discover',
}

/** The query parameter that names the store's stream prefix; ours, so it is taken out before the client sees the rest. */
const streamPrefixParameter = 'streamPrefix'

export function isKurrentDbUrl(url: string): boolean {
  return /^(kurrentdb|esdb)(\+discover)?:\/\//i.test(url.trim())
}

/**
 * `kurrentdb://`, `kurrentdb+discover://`, `esdb://` or `esdb+discover://` (credentials, several hosts and the client's
 * settings such as `?tls=false` as KurrentDB documents them), plus our own `streamPrefix=...`. Returns the connection
 * string the client takes and the prefix, if one was given.
 */
export function parseKurrentDbUrl(url: string): { connectionString: string; streamPrefix: string | undefined } {
  const text = url.trim()
  const match = /^([a-z+]+):\/\/([^?]*)(?:\?(.*))?$/i.exec(text)
  const scheme = clientSchemes[match?.[1]?.toLowerCase() ?? '']
  if (!match || scheme === undefined) throw new Error(`invalid KurrentDB URL "${url}": expected kurrentdb://host:2113?tls=false`)
  const [, , hosts = '', query] = match
  if (hosts === '') throw new Error(`invalid KurrentDB URL "${url}": it names no host`)

  let streamPrefix: string | undefined
  const settings: string[] = []
  for (const setting of query === undefined || query === '' ? [] : query.split('&')) {
    const [key = '', value = ''] = setting.split('=', 2)
    if (key.toLowerCase() === streamPrefixParameter.toLowerCase()) streamPrefix = checkStreamPrefix(decodeURIComponent(value))
    else settings.push(setting)
  }
  const connectionString = `${scheme}://${hosts}${settings.length > 0 ? `?${settings.join('&')}` : ''}`
  return { connectionString, streamPrefix }
}
