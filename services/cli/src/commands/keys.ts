import { isScope, newApiKey, hashApiKey, scopes, type Scope } from '@attribution/api'
import { loadConfig } from '@attribution/config'
import { ApiKeyNameTaken, openApiKeyStore, type ApiKeyRecord } from '@attribution/event-store'
import { keyStoreUrl } from '../apiAccess.ts'
import { UsageError, type Command } from '../cli.ts'
import { engineRunningOn } from '../engineLock.ts'

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export const keysCommand: Command = {
  name: 'keys',
  summary: 'create, list and revoke the API keys (scopes ingest, read, admin)',
  usage: 'attribution keys create --name NAME --scope SCOPE[,SCOPE] | list | revoke NAME  [--data-dir DIR]',
  options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, 'data-dir': { type: 'string' } },
  optionHelp: [
    'create --name NAME --scope SCOPE   a new key; prints it once, as the last line (only its hash is kept)',
    '                                   scopes: ingest (POST /v1/events), read (every GET route and /metrics),',
    '                                   admin (everything); several as --scope ingest,read or --scope repeated',
    'list                               names, scopes, when created and last used; never the keys',
    'revoke NAME                        delete the key; every API process refuses it within seconds',
    '--data-dir DIR                     the embedded engine\'s data directory (default .data, env ATTRIBUTION_DATA_DIR)',
    '',
    'The keys live beside the event log: in the data directory (stop `attribution start` first: its embedded',
    'database takes one process at a time), or in the database EVENT_STORE_URL names (API_KEYS_URL with KurrentDB),',
    'shared by every `attribution serve`. While no key exists the API answers only clients on its own machine',
    '(protected mode); once one exists, every request needs one: Authorization: Bearer <key>.',
  ],
  async run(values, positionals) {
    const [action, ...rest] = positionals
    const config = loadConfig({ dataDir: values['data-dir'] as string | undefined })
    const engine = config.eventStoreUrl || config.apiKeysUrl ? undefined : engineRunningOn(config.dataDir)
    if (engine !== undefined) {
      throw new UsageError(
        `the engine (process ${engine}) is running on ${config.dataDir}, and its embedded database takes one process ` +
          'at a time: stop it (Ctrl-C), run this again, then start it again',
      )
    }
    if (action === 'create') return create(keyStoreUrl(config), nameOf(values.name), scopesOf(values.scope))
    if (action === 'list') return list(keyStoreUrl(config))
    if (action === 'revoke') {
      const [name, ...extra] = rest
      if (name === undefined || extra.length > 0) throw new UsageError('usage: attribution keys revoke NAME')
      return revoke(keyStoreUrl(config), name)
    }
    throw new UsageError(action === undefined ? 'say what to do: create, list or revoke' : `unknown action '${action}': use create, list or revoke`)
  },
}

function nameOf(value: unknown): string {
  if (typeof value !== 'string') throw new UsageError('create needs --name NAME (who or what uses the key: ci, grafana, crm-sync)')
  if (!namePattern.test(value)) throw new UsageError(`--name '${value}': use up to 64 letters, digits, '.', '_' and '-'`)
  return value
}

function scopesOf(value: unknown): Scope[] {
  const given = (Array.isArray(value) ? value : []).flatMap((item: string) => item.split(',')).map((item) => item.trim())
  if (given.length === 0) throw new UsageError(`create needs --scope: one or more of ${scopes.join(', ')}`)
  const unknown = given.filter((scope) => !isScope(scope))
  if (unknown.length > 0) throw new UsageError(`unknown scope '${unknown.join("', '")}': use ${scopes.join(', ')}`)
  return [...new Set(given)].filter(isScope)
}

async function create(url: string, name: string, scopes: Scope[]): Promise<void> {
  const store = await openApiKeyStore(url)
  try {
    const key = newApiKey()
    await store.create({ name, scopes, hash: hashApiKey(key) })
    process.stderr.write(
      `created key '${name}' with scope ${scopes.join(', ')}. It is shown this once and cannot be recovered; ` +
        'send it as Authorization: Bearer <key>\n',
    )
    process.stdout.write(`${key}\n`)
  } catch (error) {
    if (error instanceof ApiKeyNameTaken) throw new UsageError(error.message)
    throw error
  } finally {
    await store.close()
  }
}

async function list(url: string): Promise<void> {
  const store = await openApiKeyStore(url)
  try {
    const keys = await store.list()
    if (keys.length === 0) {
      process.stderr.write('no API key exists: the API answers only clients on its own machine (protected mode)\n')
      return
    }
    process.stdout.write(table(keys))
  } finally {
    await store.close()
  }
}

function table(keys: ApiKeyRecord[]): string {
  const rows = [['NAME', 'SCOPES', 'CREATED', 'LAST USED'], ...keys.map((key) => [key.name, key.scopes.join(','), key.createdAt, key.lastUsedAt ?? 'never'])]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n'
}

async function revoke(url: string, name: string): Promise<void> {
  const store = await openApiKeyStore(url)
  try {
    if (!(await store.revoke(name))) throw new UsageError(`no key is named '${name}' (attribution keys list shows them)`)
    process.stderr.write(`revoked key '${name}': every API process refuses it within seconds\n`)
  } finally {
    await store.close()
  }
}
