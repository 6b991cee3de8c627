import { randomUUID } from 'node:crypto'
import { identifierPath, identifiersOf, withPseudonyms, type Event, type IdentifierKind, type PersonalIdentifier } from '@attribution/contracts'
import type { ErasedReference, ErasureRecord, PersonVault, RevealedIdentifier } from './personVault.ts'
import { sealAttributes } from './sealedAttributes.ts'
import type { SqlExecutor } from './sqlExecutor.ts'
import { VaultCache, type VaultEntry } from './vaultCache.ts'
import { lookupOf, newEntryKey, newPseudonym, newVaultSecret, seal, unseal, unwrapKey, vaultKeysOf, wrapKey, type VaultKeys } from './vaultCrypto.ts'

interface EntryRow {
  lookup: string
  pseudonym: string
  wrapped_key: string
}

interface ErasureRow {
  id: string
  state: ErasureRecord['state']
  requested_at: string
  requested_by: string
  finished_at: string | null
  identifiers_erased: number
  error: string | null
}

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
const identifierKey = ({ kind, value }: PersonalIdentifier) => `${kind}\u0000${value}`

/**
 * The person vault in the event store's SQL database (PostgreSQL or PGlite, through the store's executor). Ingest
 * resolves identifiers through an in-process cache, asking the database only for identifiers it has not seen and,
 * once per call, whether an erasure happened anywhere since (then the cache is dropped).
 */
export class SqlPersonVault implements PersonVault {
  private readonly cache = new VaultCache()
  private readonly t: { vault: string; links: string; erased: string; erasures: string }

  private constructor(
    private readonly executor: SqlExecutor,
    schema: string,
    private readonly keys: VaultKeys,
  ) {
    this.t = {
      vault: `"${schema}".person_vault`,
      links: `"${schema}".person_links`,
      erased: `"${schema}".erased_identifiers`,
      erasures: `"${schema}".erasures`,
    }
  }

  /** The vault of a store whose tables exist; the secret given, else the one kept in the database (made once). */
  static async open(executor: SqlExecutor, schema: string, secret?: string): Promise<SqlPersonVault> {
    let installSecret = secret
    if (!installSecret) {
      await executor.query(`insert into "${schema}".vault_secret (id, secret) values (1, $1) on conflict (id) do nothing`, [newVaultSecret()])
      const [row] = await executor.query<{ secret: string }>(`select secret from "${schema}".vault_secret where id = 1`)
      installSecret = (row as { secret: string }).secret
    }
    return new SqlPersonVault(executor, schema, vaultKeysOf(installSecret))
  }

  async pseudonymize(events: readonly Event[]): Promise<{ events: Event[]; erased: ErasedReference[] }> {
    await this.dropCacheAfterErasures()
    const wanted = events.flatMap(identifiersOf)
    const erasedBy = await this.resolve(wanted)
    const erased: ErasedReference[] = []
    const stored: Event[] = []
    const links: [person: string, anonymous: string][] = []
    // Made once, not per event: tsx names every function a call creates
    // (docs/architecture.md, "Code on the per-event path").
    const entryOf = (identifier: PersonalIdentifier) => this.cache.get(identifierKey(identifier)) as VaultEntry
    events.forEach((event, index) => {
      const refusal = erasedReference(event, index, (identifier) => erasedBy.get(identifierKey(identifier)))
      if (refusal) {
        erased.push(refusal)
        return
      }
      const identifiers = identifiersOf(event)
      const person = identifiers.find((identifier) => identifier.kind === 'person' && event.type !== 'deal.created' && event.type !== 'deal.updated')
      const anonymous = identifiers.find((identifier) => identifier.kind === 'anonymous')
      if (person && anonymous) links.push([entryOf(person).pseudonym, entryOf(anonymous).pseudonym])
      stored.push(
        withPseudonyms(
          event,
          (identifier) => entryOf(identifier).pseudonym,
          (pseudonym, attributes) => sealAttributes(this.keyOf(entryOf({ kind: 'person', value: (event.data as { personId: string }).personId })), pseudonym, attributes),
        ),
      )
    })
    await this.link(links)
    return { events: stored, erased }
  }

  async screen(events: readonly Event[]): Promise<ErasedReference[]> {
    const lookups = new Map(events.flatMap(identifiersOf).map((identifier) => [identifierKey(identifier), lookupOf(this.keys, identifier.kind, identifier.value)]))
    const erasedBy = await this.tombstones([...new Set(lookups.values())])
    if (erasedBy.size === 0) return []
    return events.flatMap((event, index) => erasedReference(event, index, (identifier) => erasedBy.get(lookups.get(identifierKey(identifier)) as string)) ?? [])
  }

  async reveal(pseudonyms: readonly string[]): Promise<Map<string, string>> {
    if (pseudonyms.length === 0) return new Map()
    const rows = await this.executor.query<{ pseudonym: string; wrapped_key: string; sealed_identifier: string }>(
      `select pseudonym, wrapped_key, sealed_identifier from ${this.t.vault} where pseudonym = any($1::text[])`,
      [[...new Set(pseudonyms)]],
    )
    return new Map(rows.map((row) => [row.pseudonym, this.identifierOf(row)]))
  }

  async keysOf(pseudonyms: readonly string[]): Promise<Map<string, Buffer>> {
    if (pseudonyms.length === 0) return new Map()
    const rows = await this.executor.query<{ pseudonym: string; wrapped_key: string }>(
      `select pseudonym, wrapped_key from ${this.t.vault} where pseudonym = any($1::text[])`,
      [[...new Set(pseudonyms)]],
    )
    return new Map(rows.map((row) => [row.pseudonym, unwrapKey(this.keys, row.pseudonym, row.wrapped_key)]))
  }

  async revealedSince(seq: number, limit: number): Promise<RevealedIdentifier[]> {
    const rows = await this.executor.query<{ seq: string; pseudonym: string; wrapped_key: string; sealed_identifier: string }>(
      `select seq::text as seq, pseudonym, wrapped_key, sealed_identifier from ${this.t.vault}
       where seq > $1::bigint order by seq limit $2`,
      [seq, limit],
    )
    return rows.map((row) => ({ seq: Number(row.seq), pseudonym: row.pseudonym, identifier: this.identifierOf(row) }))
  }

  async requestErasure(personId: string, requestedBy: string): Promise<ErasureRecord> {
    const id = randomUUID()
    const [row] = await this.executor.query<ErasureRow>(
      `insert into ${this.t.erasures} (id, person_lookup, requested_by, state) values ($1, $2, $3, 'requested')
       returning ${erasureColumns}`,
      [id, lookupOf(this.keys, 'person', personId), requestedBy],
    )
    return toRecord(row as ErasureRow)
  }

  async runErasure(id: string): Promise<{ record: ErasureRecord; pseudonyms: string[] }> {
    const pseudonyms = await this.executor.transaction(async (tx) => {
      const [erasure] = await tx.query<{ person_lookup: string }>(
        `update ${this.t.erasures} set state = 'running' where id = $1 returning person_lookup`,
        [id],
      )
      if (!erasure) throw new Error(`no erasure ${id}`)
      const [person] = await tx.query<EntryRow>(`select lookup, pseudonym, wrapped_key from ${this.t.vault} where lookup = $1`, [erasure.person_lookup])
      const linked = person
        ? await tx.query<EntryRow>(
            `select v.lookup, v.pseudonym, v.wrapped_key from ${this.t.links} as l join ${this.t.vault} as v on v.pseudonym = l.anonymous
             where l.person = $1`,
            [person.pseudonym],
          )
        : []
      const entries = [...(person ? [person] : []), ...linked]
      const lookups = [erasure.person_lookup, ...linked.map((entry) => entry.lookup)]
      await tx.query(
        `insert into ${this.t.erased} (lookup, erasure_id) select lookup, $2 from unnest($1::text[]) as lookup
         on conflict (lookup) do nothing`,
        [lookups, id],
      )
      const gone = entries.map((entry) => entry.pseudonym)
      await tx.query(`delete from ${this.t.links} where person = any($1::text[]) or anonymous = any($1::text[])`, [gone])
      await tx.query(`delete from ${this.t.vault} where pseudonym = any($1::text[])`, [gone])
      await tx.query(`update ${this.t.erasures} set identifiers_erased = $2 where id = $1`, [id, entries.length])
      return gone
    })
    this.cache.clear()
    await this.compact()
    return { record: (await this.erasure(id)) as ErasureRecord, pseudonyms }
  }

  async finishErasure(id: string, outcome: { error?: string }): Promise<ErasureRecord> {
    const [row] = await this.executor.query<ErasureRow>(
      `update ${this.t.erasures} set state = $2, error = $3, finished_at = now() where id = $1 returning ${erasureColumns}`,
      [id, outcome.error === undefined ? 'done' : 'failed', outcome.error ?? null],
    )
    if (!row) throw new Error(`no erasure ${id}`)
    return toRecord(row)
  }

  async erasure(id: string): Promise<ErasureRecord | undefined> {
    const [row] = await this.executor.query<ErasureRow>(`select ${erasureColumns} from ${this.t.erasures} where id = $1`, [id])
    return row ? toRecord(row) : undefined
  }

  async erasures(limit: number): Promise<ErasureRecord[]> {
    const rows = await this.executor.query<ErasureRow>(
      `select ${erasureColumns} from ${this.t.erasures} order by requested_at desc, id limit $1`,
      [limit],
    )
    return rows.map(toRecord)
  }

  /**
   * Rewrites the vault's tables so that deleted rows leave their files (VACUUM FULL writes new files and removes the
   * old ones), then checkpoints, so the write-ahead log before the erasure can be recycled. Needs the tables' owner;
   * CHECKPOINT needs a superuser or pg_checkpoint, and is skipped without.
   */
  private async compact(): Promise<void> {
    for (const table of [this.t.vault, this.t.links]) await this.executor.query(`vacuum full ${table}`)
    await this.executor.query('checkpoint').catch(() => undefined)
  }

  /** Erasures since the cache was filled make it stale: a cached identifier may have been erased by another process. */
  private async dropCacheAfterErasures(): Promise<void> {
    const [row] = await this.executor.query<{ generation: string }>(`select coalesce(max(seq), 0)::text as generation from ${this.t.erased}`)
    this.cache.validFor(Number(row?.generation ?? 0))
  }

  /** Fills the cache for the identifiers given; returns those erased, with the erasure that erased them. */
  private async resolve(identifiers: readonly PersonalIdentifier[]): Promise<Map<string, string>> {
    const missing = new Map<string, PersonalIdentifier & { lookup: string }>()
    for (const identifier of identifiers) {
      const key = identifierKey(identifier)
      if (!this.cache.has(key) && !missing.has(key)) missing.set(key, { ...identifier, lookup: lookupOf(this.keys, identifier.kind, identifier.value) })
    }
    const erasedBy = new Map<string, string>()
    if (missing.size === 0) return erasedBy
    const byLookup = new Map([...missing].map(([key, identifier]) => [identifier.lookup, key]))
    const lookups = [...byLookup.keys()]
    for (const [lookup, erasureId] of await this.tombstones(lookups)) erasedBy.set(byLookup.get(lookup) as string, erasureId)
    const open = lookups.filter((lookup) => !erasedBy.has(byLookup.get(lookup) as string))
    await this.cacheEntries(open, byLookup)
    const unseen = open.filter((lookup) => !this.cache.has(byLookup.get(lookup) as string))
    if (unseen.length > 0) {
      const created = await this.create(unseen.map((lookup) => missing.get(byLookup.get(lookup) as string) as PersonalIdentifier & { lookup: string }))
      for (const [lookup, entry] of created) this.cache.set(byLookup.get(lookup) as string, entry)
      // Entries another process created meanwhile win (conflict on the lookup): read back what is stored.
      await this.cacheEntries(unseen.filter((lookup) => !created.has(lookup)), byLookup)
    }
    return erasedBy
  }

  /** The erasure that left a tombstone under each of these lookups, for those erased. */
  private async tombstones(lookups: readonly string[]): Promise<Map<string, string>> {
    if (lookups.length === 0) return new Map()
    const rows = await this.executor.query<{ lookup: string; erasure_id: string }>(
      `select lookup, erasure_id from ${this.t.erased} where lookup = any($1::text[])`,
      [lookups],
    )
    return new Map(rows.map((row) => [row.lookup, row.erasure_id]))
  }

  private async cacheEntries(lookups: readonly string[], byLookup: ReadonlyMap<string, string>): Promise<void> {
    if (lookups.length === 0) return
    const rows = await this.executor.query<EntryRow>(
      `select lookup, pseudonym, wrapped_key from ${this.t.vault} where lookup = any($1::text[])`,
      [lookups],
    )
    for (const row of rows) this.cache.set(byLookup.get(row.lookup) as string, { pseudonym: row.pseudonym, wrappedKey: row.wrapped_key })
  }

  /** Creates entries for the identifiers; returns those this call created (not those another process created first). */
  private async create(identifiers: readonly (PersonalIdentifier & { lookup: string })[]): Promise<Map<string, VaultEntry>> {
    const rows = identifiers.map(({ kind, value, lookup }) => {
      const pseudonym = newPseudonym(kind as IdentifierKind)
      const key = newEntryKey()
      return [lookup, pseudonym, kind, wrapKey(this.keys, pseudonym, key), seal(key, pseudonym, value)] as const
    })
    const column = (index: number) => rows.map((row) => row[index])
    // An identifier erased since it was looked up is not created again: its tombstone wins.
    const inserted = await this.executor.query<{ lookup: string }>(
      `insert into ${this.t.vault} (lookup, pseudonym, kind, wrapped_key, sealed_identifier)
       select n.* from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
         as n(lookup, pseudonym, kind, wrapped_key, sealed_identifier)
       where not exists (select 1 from ${this.t.erased} as e where e.lookup = n.lookup)
       on conflict do nothing
       returning lookup`,
      [column(0), column(1), column(2), column(3), column(4)],
    )
    const byLookup = new Map(rows.map(([lookup, pseudonym, , wrappedKey]) => [lookup, { pseudonym, wrappedKey }]))
    return new Map(inserted.map(({ lookup }) => [lookup, byLookup.get(lookup) as VaultEntry]))
  }

  private async link(links: readonly [string, string][]): Promise<void> {
    const fresh = links.filter(([person, anonymous]) => this.cache.linkOnce(person, anonymous))
    if (fresh.length === 0) return
    await this.executor.query(
      `insert into ${this.t.links} (person, anonymous) select * from unnest($1::text[], $2::text[]) on conflict do nothing`,
      [fresh.map(([person]) => person), fresh.map(([, anonymous]) => anonymous)],
    )
  }

  private keyOf(entry: VaultEntry): Buffer {
    entry.key ??= unwrapKey(this.keys, entry.pseudonym, entry.wrappedKey)
    return entry.key
  }

  private identifierOf(row: { pseudonym: string; wrapped_key: string; sealed_identifier: string }): string {
    return unseal(unwrapKey(this.keys, row.pseudonym, row.wrapped_key), row.pseudonym, row.sealed_identifier).toString('utf8')
  }
}

/** How an event naming an erased identifier is refused: at the first such identifier's field. */
function erasedReference(event: Event, index: number, erasureOf: (identifier: PersonalIdentifier) => string | undefined): ErasedReference | undefined {
  for (const identifier of identifiersOf(event)) {
    const erasureId = erasureOf(identifier)
    if (erasureId !== undefined) return { index, eventId: event.eventId, path: identifierPath(event, identifier), erasureId }
  }
  return undefined
}

const erasureColumns = `id, state, ${utc('requested_at')} as requested_at, requested_by, ${utc('finished_at')} as finished_at,
  identifiers_erased, error`

function toRecord(row: ErasureRow): ErasureRecord {
  return {
    id: row.id,
    state: row.state,
    requestedAt: row.requested_at,
    requestedBy: row.requested_by,
    finishedAt: row.finished_at,
    identifiersErased: Number(row.identifiers_erased),
    error: row.error,
  }
}


