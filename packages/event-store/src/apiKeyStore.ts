/**
 * API keys as the stores keep them: a name, the scopes it grants and the hash of the key, never the key itself. They
 * live in the event store's database (not in its log: a key is configuration, revocable and mutable, not a fact), so
 * every API process of a deployment reads the same keys.
 */
export interface ApiKeyRecord {
  name: string
  scopes: string[]
  /** ISO-8601, UTC. */
  createdAt: string
  /** ISO-8601, UTC; null until a request has used the key. API processes record it at most once a minute. */
  lastUsedAt: string | null
}

/** What an API process needs to recognise a key: its hash, and what it grants. */
export interface ActiveApiKey {
  name: string
  scopes: string[]
  hash: string
}

export interface ApiKeyStore {
  /** Throws ApiKeyNameTaken when a key of that name exists. */
  create(key: ActiveApiKey): Promise<ApiKeyRecord>
  /** Every key, by name; without the hashes. */
  list(): Promise<ApiKeyRecord[]>
  /** Deletes the key; false when none has that name. */
  revoke(name: string): Promise<boolean>
  /** Every key with its hash: what an API process checks requests against. */
  active(): Promise<ActiveApiKey[]>
  /** Records that the keys were used at `at` (never moving a later time back). */
  markUsed(names: string[], at: Date): Promise<void>
  close(): Promise<void>
}

export class ApiKeyNameTaken extends Error {
  override readonly name = 'ApiKeyNameTaken'
  constructor(readonly keyName: string) {
    super(`a key named '${keyName}' exists; revoke it first or choose another name`)
  }
}
