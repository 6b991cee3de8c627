import type { Event } from '@attribution/contracts'

/** An event refused because it names an erased person (or one of their anonymous ids): where, and which erasure. */
export interface ErasedReference {
  /** Index of the event in the list given. */
  index: number
  eventId: string
  /** The field naming the erased identifier, e.g. `data.personId`. */
  path: string
  erasureId: string
}

export type ErasureState = 'requested' | 'running' | 'done' | 'failed'

/** An erasure as it is recorded: when, by whom, how far. Never the person's id or data. */
export interface ErasureRecord {
  id: string
  state: ErasureState
  /** ISO-8601, UTC. */
  requestedAt: string
  /** The API key's name that asked for it (`local` when the API answered without keys, in protected mode). */
  requestedBy: string
  finishedAt: string | null
  /** Identifiers whose keys were shredded: the person's and every anonymous id linked to them (0 if never seen). */
  identifiersErased: number
  error: string | null
}

/** A vault entry as answers and BI views show it: the pseudonym the stores keep, and the identifier it stands for. */
export interface RevealedIdentifier {
  seq: number
  pseudonym: string
  identifier: string
}

/**
 * The person vault: the only place an identifier (a person's id, an anonymous id) and the pseudonym the stores keep
 * instead are tied together, each entry with a key of its own that seals the identifier and the person's attributes.
 * Erasing a person deletes their entries and those of their anonymous ids (the keys are shredded), leaving only keyed
 * hashes that refuse their return.
 */
export interface PersonVault {
  /**
   * The events as the event store keeps them: identifiers replaced by pseudonyms (entries created for new ones),
   * attributes sealed. Events naming an erased identifier are left out and listed in `erased`.
   */
  pseudonymize(events: readonly Event[]): Promise<{ events: Event[]; erased: ErasedReference[] }>
  /** The events naming an erased identifier, without creating entries (what an API publishing to Kafka checks). */
  screen(events: readonly Event[]): Promise<ErasedReference[]>
  /** The identifiers the pseudonyms stand for; pseudonyms of erased (or unknown) entries are left out. */
  reveal(pseudonyms: readonly string[]): Promise<Map<string, string>>
  /** The keys that open the attributes sealed under these pseudonyms; erased ones are left out. */
  keysOf(pseudonyms: readonly string[]): Promise<Map<string, Buffer>>
  /** Entries created after `seq`, oldest first, revealed: what the projector copies for BI views. */
  revealedSince(seq: number, limit: number): Promise<RevealedIdentifier[]>
  /** Records an erasure of the person with this id, state `requested`; `run` carries it out. */
  requestErasure(personId: string, requestedBy: string): Promise<ErasureRecord>
  /**
   * Carries out a requested erasure in the vault: tombstones, entries deleted, tables rewritten so the deleted rows
   * leave the database's files. Returns the pseudonyms that no longer stand for anyone, for the other stores to forget.
   */
  runErasure(id: string): Promise<{ record: ErasureRecord; pseudonyms: string[] }>
  finishErasure(id: string, outcome: { error?: string }): Promise<ErasureRecord>
  erasure(id: string): Promise<ErasureRecord | undefined>
  /** The latest erasures, newest first. */
  erasures(limit: number): Promise<ErasureRecord[]>
}
