import { createHash } from 'node:crypto'

/**
 * The namespace of our event ids' UUIDs. Fixed for good: changing it would give every event a different KurrentDB id
 * from the one it was stored with.
 */
const eventIdNamespace = '43d2fd45-4017-4f41-ac6d-4c68593d7b51'

const uuidForm = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A name-based UUID (RFC 9562 version 5): SHA-1 of the namespace's bytes and the name's UTF-8 bytes. */
export function uuidV5(name: string, namespace: string): string {
  if (!uuidForm.test(namespace)) throw new Error(`invalid UUID namespace "${namespace}"`)
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest()
  hash.writeUInt8((hash.readUInt8(6) & 0x0f) | 0x50, 6)
  hash.writeUInt8((hash.readUInt8(8) & 0x3f) | 0x80, 8)
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The KurrentDB event id of one of our events: the same `eventId` always gets the same UUID, so the server's own
 * idempotency check (same ids at the expected revision) recognises a repeated append.
 */
export function eventUuid(eventId: string): string {
  return uuidV5(eventId, eventIdNamespace)
}
