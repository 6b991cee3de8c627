import { createHash, randomBytes } from 'node:crypto'

/** Every key starts so, which lets secret scanners (and people) recognise one pasted where it should not be. */
const keyPrefix = 'attr_'

/**
 * A new key: 256 random bits. With that much entropy a plain SHA-256 is a safe way to store it (no salt or slow hash
 * needed: nobody can guess their way to a preimage), and it lets a request's key be found by its hash at once.
 */
export function newApiKey(): string {
  return keyPrefix + randomBytes(32).toString('base64url')
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex')
}
