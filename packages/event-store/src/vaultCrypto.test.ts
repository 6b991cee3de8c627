import { describe, expect, it } from 'vitest'
import { openAttributes, sealAttributes, sealingPseudonymsIn } from './sealedAttributes.ts'
import { lookupOf, newEntryKey, newPseudonym, newVaultSecret, seal, unseal, unwrapKey, vaultKeysOf, wrapKey } from './vaultCrypto.ts'

describe('the vault cryptography', () => {
  const keys = vaultKeysOf(newVaultSecret())

  it('finds an identifier by a keyed hash that another install secret does not reproduce', () => {
    expect(lookupOf(keys, 'person', 'jane')).toBe(lookupOf(keys, 'person', 'jane'))
    expect(lookupOf(keys, 'person', 'jane')).not.toBe(lookupOf(keys, 'anonymous', 'jane'))
    expect(lookupOf(vaultKeysOf(newVaultSecret()), 'person', 'jane')).not.toBe(lookupOf(keys, 'person', 'jane'))
    expect(lookupOf(keys, 'person', 'jane')).not.toContain('jane')
  })

  it('seals with an entry key bound to its pseudonym, and wraps that key under the install secret', () => {
    const pseudonym = newPseudonym('person')
    const key = newEntryKey()
    const sealed = seal(key, pseudonym, 'jane@acme.example')
    expect(sealed).not.toContain('jane')
    expect(unseal(key, pseudonym, sealed).toString()).toBe('jane@acme.example')
    expect(() => unseal(key, newPseudonym('person'), sealed)).toThrow()
    expect(unwrapKey(keys, pseudonym, wrapKey(keys, pseudonym, key))).toEqual(key)
  })

  it('never hands out the same random bytes twice, across many refills of its pool', () => {
    // 2,000 pseudonyms, keys and seals draw about 120 KB: the 4 KB pool is refilled some thirty times.
    const pseudonyms = Array.from({ length: 2_000 }, () => newPseudonym('anonymous'))
    // Held as drawn, read after every refill: a key sharing the pool's memory would have changed under its holder.
    const entryKeys = Array.from({ length: 2_000 }, () => newEntryKey())
    // The first 16 characters of a seal are its 12-byte IV.
    const key = newEntryKey()
    const ivs = Array.from({ length: 2_000 }, () => seal(key, 'p', 'same').slice(0, 16))
    expect(new Set(pseudonyms).size).toBe(2_000)
    const hexKeys = entryKeys.map((entryKey) => entryKey.toString('hex'))
    expect(new Set(hexKeys).size).toBe(2_000)
    expect(new Set(ivs).size).toBe(2_000)
    expect(hexKeys.every((hex) => hex.length === 64 && hex !== '0'.repeat(64))).toBe(true)
  })

  it('refuses an install secret too short to be one', () => {
    expect(() => vaultKeysOf(Buffer.alloc(8).toString('base64'))).toThrow(/at least 32 bytes/)
  })

  it("opens sealed attributes with the person's key, as text; without it (erased) there are none", () => {
    const pseudonym = newPseudonym('person')
    const key = newEntryKey()
    const sealed = sealAttributes(key, pseudonym, { title: 'CFO', employees: 500, decisionMaker: true })
    const asStored = Object.fromEntries(Object.entries(sealed).map(([name, value]) => [name, String(value)]))
    expect(JSON.stringify(sealed)).not.toContain('CFO')
    expect(sealingPseudonymsIn(`["${pseudonym}",[["person_updated",${JSON.stringify(asStored)}]]]`)).toEqual([pseudonym])
    expect(openAttributes(new Map([[pseudonym, key]]), asStored)).toEqual({ title: 'CFO', employees: '500', decisionMaker: 'true' })
    expect(openAttributes(new Map(), asStored)).toEqual({})
    expect(openAttributes(new Map(), { title: 'stored before the vault' })).toEqual({ title: 'stored before the vault' })
  })
})
