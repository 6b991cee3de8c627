import type { ApiKeys } from '../ports.ts'
import { hashApiKey } from './apiKeys.ts'

export interface KeyHolder {
  name: string
  scopes: string[]
}

export interface KeyRingOptions {
  /** How long a read of the keys is trusted: a revocation reaches every API process within this time. */
  ttlMs?: number
  /** An unknown key reads the keys again (a key created a moment ago), but not more often than this. */
  rereadOnMissMs?: number
  /** How often each process writes when its keys were last used. */
  markUsedEveryMs?: number
  now?: () => number
}

/**
 * The keys as this API process knows them: read from the shared store at most every `ttlMs`, so a revocation takes
 * effect everywhere within seconds at the cost of one small read per process every few seconds, whatever the traffic.
 */
export class KeyRing {
  private byHash = new Map<string, KeyHolder>()
  private readAt = Number.NEGATIVE_INFINITY
  private reading: Promise<void> | undefined
  private readonly used = new Set<string>()
  private usedWrittenAt: number
  private readonly ttlMs: number
  private readonly rereadOnMissMs: number
  private readonly markUsedEveryMs: number
  private readonly now: () => number

  constructor(
    private readonly keys: ApiKeys | undefined,
    options: KeyRingOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 2_000
    this.rereadOnMissMs = options.rereadOnMissMs ?? 250
    this.markUsedEveryMs = options.markUsedEveryMs ?? 60_000
    this.now = options.now ?? Date.now
    this.usedWrittenAt = this.now()
  }

  /** Whether any key exists: while none does, the API is in protected mode. */
  async anyKey(): Promise<boolean> {
    await this.fresh(this.ttlMs)
    return this.byHash.size > 0
  }

  /** Who holds this key, or undefined for a key that does not exist (or no longer does). */
  async holderOf(key: string): Promise<KeyHolder | undefined> {
    const hash = hashApiKey(key)
    await this.fresh(this.ttlMs)
    if (!this.byHash.has(hash)) await this.fresh(this.rereadOnMissMs)
    return this.byHash.get(hash)
  }

  /** Notes a use; written in the background, with others, once a minute at most. */
  noteUse(name: string): void {
    this.used.add(name)
    if (this.now() - this.usedWrittenAt < this.markUsedEveryMs || !this.keys) return
    const names = [...this.used]
    this.used.clear()
    this.usedWrittenAt = this.now()
    // Only bookkeeping: a failed write must not fail the request; the next one tries again with later uses.
    this.keys.markUsed(names, new Date(this.usedWrittenAt)).catch(() => undefined)
  }

  private async fresh(maxAgeMs: number): Promise<void> {
    if (!this.keys || this.now() - this.readAt < maxAgeMs) return
    // Concurrent requests share one read.
    this.reading ??= this.read(this.keys).finally(() => {
      this.reading = undefined
    })
    await this.reading
  }

  private async read(keys: ApiKeys): Promise<void> {
    const startedAt = this.now()
    const active = await keys.active()
    this.byHash = new Map(active.map((key) => [key.hash, { name: key.name, scopes: key.scopes }]))
    this.readAt = startedAt
  }
}
