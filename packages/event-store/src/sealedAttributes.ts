import { unseal, seal } from './vaultCrypto.ts'

type Attributes = Record<string, string | number | boolean>

/**
 * A person's attributes as the log and ClickHouse keep them: one field holding them sealed with the person's key,
 * `v1.<pseudonym>.<ciphertext>`. The pseudonym in the token names the key, so a reader holding a page of facts knows
 * which keys to fetch without parsing it.
 */
export const sealedAttributesField = '~sealed'
const tokenPrefix = 'v1.'

export function sealAttributes(key: Buffer, pseudonym: string, attributes: Attributes): Attributes {
  return { [sealedAttributesField]: `${tokenPrefix}${pseudonym}.${seal(key, pseudonym, JSON.stringify(attributes))}` }
}

/** The pseudonyms whose keys open the sealed attributes somewhere in `text` (a page of facts, any format). */
export function sealingPseudonymsIn(text: string): string[] {
  const found = new Set<string>()
  for (const match of text.matchAll(/v1\.([ap]-[A-Za-z0-9_-]{22})\./g)) found.add(match[1] as string)
  return [...found]
}

/**
 * Attributes as a reader sees them: sealed ones opened with the key of the pseudonym that sealed them, as text like
 * every attribute read back from ClickHouse. Without the key (the person was erased) they read as none at all.
 * Attributes that were never sealed (stored before the vault existed) pass as they are.
 */
export function openAttributes(keys: ReadonlyMap<string, Buffer>, attributes: Record<string, string>): Record<string, string> {
  const token = attributes[sealedAttributesField]
  if (token === undefined || !token.startsWith(tokenPrefix)) return attributes
  const pseudonym = token.slice(tokenPrefix.length, token.indexOf('.', tokenPrefix.length))
  const key = keys.get(pseudonym)
  if (!key) return {}
  const opened = JSON.parse(unseal(key, pseudonym, token.slice(tokenPrefix.length + pseudonym.length + 1)).toString('utf8')) as Attributes
  return Object.fromEntries(Object.entries(opened).map(([name, value]) => [name, String(value)]))
}
