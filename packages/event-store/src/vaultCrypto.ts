import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomFillSync } from 'node:crypto'
import type { IdentifierKind } from '@attribution/contracts'

/**
 * The cryptography of the person vault, with no storage: keyed hashes to find an identifier without keeping it,
 * random pseudonyms, and AES-256-GCM to seal an identifier or a person's attributes with a key of their own, which is
 * itself kept wrapped under the install's secret. Shredding that one key makes everything sealed with it unreadable.
 */
export interface VaultKeys {
  /** Keys the lookup hashes: without it nobody can test a guessed e-mail address against the vault. */
  lookup: Buffer
  /** Wraps each entry's own key. */
  wrap: Buffer
}

const secretBytes = 32

/** A new install secret, as text (base64): what PERSON_VAULT_SECRET holds. */
export function newVaultSecret(): string {
  return randomBytes(secretBytes).toString('base64')
}

/** The two keys of an install secret (HKDF, one label per use, so neither key serves the other's purpose). */
export function vaultKeysOf(secret: string): VaultKeys {
  const material = Buffer.from(secret, 'base64')
  if (material.length < secretBytes) {
    throw new Error(`the person vault's secret must be at least ${secretBytes} bytes of base64 (openssl rand -base64 32)`)
  }
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), label, 32))
  return { lookup: derive('attribution person vault lookup'), wrap: derive('attribution person vault key wrap') }
}

/** Where an identifier's entry is found: HMAC-SHA256 of its kind and value, base64url. */
export function lookupOf(keys: VaultKeys, kind: IdentifierKind, value: string): string {
  return createHmac('sha256', keys.lookup).update(`${kind}\u0000${value}`).digest('base64url')
}

/**
 * Random bytes for pseudonyms, keys and IVs, drawn from a pool the operating system's generator fills 4 KB at a time (as
 * Node does for randomUUID): a call of its own for each draw costs 4 µs, and a new vault entry draws three times.
 * Every byte is handed out once, copied, so no two callers share any.
 */
const randomPool = Buffer.alloc(4096)
let randomPoolUsed = randomPool.length

function freshRandom(bytes: number): Buffer {
  if (randomPoolUsed + bytes > randomPool.length) {
    randomFillSync(randomPool)
    randomPoolUsed = 0
  }
  const drawn = Buffer.from(randomPool.subarray(randomPoolUsed, randomPoolUsed + bytes))
  randomPoolUsed += bytes
  return drawn
}

/** A fresh pseudonym: random, so nothing about the person can be computed back from it. `p-` persons, `a-` anonymous ids. */
export function newPseudonym(kind: IdentifierKind): string {
  return `${kind === 'person' ? 'p' : 'a'}-${freshRandom(16).toString('base64url')}`
}

export function newEntryKey(): Buffer {
  return freshRandom(32)
}

const ivBytes = 12
const tagBytes = 16

/** AES-256-GCM of `plaintext` under `key`, bound to `context` (the entry's pseudonym): iv, ciphertext, tag as base64url. */
export function seal(key: Buffer, context: string, plaintext: Buffer | string): string {
  const iv = freshRandom(ivBytes)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(context))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
}

/** The plaintext `seal` sealed; throws when the key or context is not the one it was sealed with. */
export function unseal(key: Buffer, context: string, sealed: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64url')
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes))
  decipher.setAAD(Buffer.from(context))
  decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes))
  return Buffer.concat([decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)), decipher.final()])
}

export const wrapKey = (keys: VaultKeys, pseudonym: string, key: Buffer): string => seal(keys.wrap, pseudonym, key)
export const unwrapKey = (keys: VaultKeys, pseudonym: string, wrapped: string): Buffer => unseal(keys.wrap, pseudonym, wrapped)
