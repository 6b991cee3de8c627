import { hashApiKey, newApiKey } from '../src/access/apiKeys.ts'
import type { ApiKeys } from '../src/ports.ts'

/** The keys port in memory: keys created and revoked by the test, as `attribution keys` would in the store. */
export class InMemoryApiKeys implements ApiKeys {
  private readonly keys = new Map<string, { scopes: string[]; hash: string }>()
  readonly uses: { names: string[]; at: Date }[] = []

  /** Creates a key and returns it, as `attribution keys create` prints it. */
  create(name: string, scopes: string[]): string {
    const key = newApiKey()
    this.keys.set(name, { scopes, hash: hashApiKey(key) })
    return key
  }

  revoke(name: string): void {
    this.keys.delete(name)
  }

  async active() {
    return [...this.keys].map(([name, { scopes, hash }]) => ({ name, scopes, hash }))
  }

  async markUsed(names: string[], at: Date): Promise<void> {
    this.uses.push({ names, at })
  }
}
