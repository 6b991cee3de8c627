/** A vault entry as ingest uses it: the pseudonym, and the entry's key (unwrapped when first needed). */
export interface VaultEntry {
  pseudonym: string
  wrappedKey: string
  key?: Buffer
}

/** Entries kept before the cache starts again: about 200 bytes each, so some hundreds of MB at most. */
const maxEntries = 1_000_000

/**
 * Identifiers already resolved by this process, so the hot ingest path asks the database only for new ones. Keyed by
 * the identifier itself, held in memory only. Any erasure (seen as a new tombstone generation) drops it all: a cached
 * entry may be one just erased, by this process or another.
 */
export class VaultCache {
  private readonly entries = new Map<string, VaultEntry>()
  private readonly links = new Set<string>()
  private generation = -1

  /** Called before each use, never during one, so entries a call resolved stay until it is done. */
  validFor(generation: number): void {
    if (generation !== this.generation || this.entries.size >= maxEntries || this.links.size >= maxEntries) this.clear()
    this.generation = generation
  }

  has(key: string): boolean {
    return this.entries.has(key)
  }

  get(key: string): VaultEntry | undefined {
    return this.entries.get(key)
  }

  set(key: string, entry: VaultEntry): void {
    this.entries.set(key, entry)
  }

  /** True the first time this process sees the link (then it is written), false after. */
  linkOnce(person: string, anonymous: string): boolean {
    const key = `${person} ${anonymous}`
    if (this.links.has(key)) return false
    this.links.add(key)
    return true
  }

  clear(): void {
    this.entries.clear()
    this.links.clear()
    this.generation = -1
  }
}
