import type { ClickHouse } from '@attribution/clickhouse'
import type { Erasures, EventSink, SinkRefusal } from '@attribution/api'
import type { ErasedReference, ErasureRecord, EventStore, PersonVault } from '@attribution/event-store'
import { forgetPersonNames, type DefinitionComparison } from '@attribution/read-model'

const refusalsOf = (erased: readonly ErasedReference[]): SinkRefusal[] =>
  erased.map(({ index, path, erasureId }) => ({ index, path, erasureId }))

/**
 * Ingest into the event store through the person vault: identifiers become pseudonyms and attributes are sealed
 * before the append, so the log never holds them; events naming an erased person are refused.
 */
export function vaultedSink(vault: PersonVault, store: Pick<EventStore, 'append'>): EventSink {
  return {
    async append(events) {
      const { events: pseudonymous, erased } = await vault.pseudonymize(events)
      const stored = pseudonymous.length > 0 ? await store.append(pseudonymous) : { appended: 0, duplicates: [] }
      return { appended: stored.appended, duplicates: stored.duplicates, refused: refusalsOf(erased) }
    },
  }
}

/**
 * Ingest through Kafka (the server deployment's API): the ingestor pseudonymises when it stores; the API refuses at
 * once what names an erased person, so the producer learns it in the answer.
 */
export function screeningSink(vault: PersonVault, publish: EventSink): EventSink {
  return {
    async append(events) {
      const erased = await vault.screen(events)
      const refusedAt = new Set(erased.map(({ index }) => index))
      const kept = events.filter((_event, index) => !refusedAt.has(index))
      const published = kept.length > 0 ? await publish.append(kept) : { appended: 0, duplicates: [] }
      return { ...published, refused: refusalsOf(erased) }
    },
  }
}

/** Comparison samples name persons: shown with the ids they were sent with (pseudonyms of erased persons stay). */
export async function revealedComparison(vault: PersonVault, comparison: DefinitionComparison): Promise<DefinitionComparison> {
  const { onlyBase, onlyCandidate } = comparison.mqls
  const names = await vault.reveal([...onlyBase.sample, ...onlyCandidate.sample])
  const shown = (sample: string[]) => sample.map((person) => names.get(person) ?? person).sort()
  return {
    ...comparison,
    mqls: {
      ...comparison.mqls,
      onlyBase: { ...onlyBase, sample: shown(onlyBase.sample) },
      onlyCandidate: { ...onlyCandidate, sample: shown(onlyCandidate.sample) },
    },
  }
}

/** The vault and the erasures carried out through it, as the API takes them; undefined where a deployment keeps no vault. */
export function personsOf(vault: PersonVault | undefined, clickhouse: ClickHouse): { vault: PersonVault; erasures: ErasureRunner } | undefined {
  return vault ? { vault, erasures: new ErasureRunner(vault, clickhouse) } : undefined
}

/**
 * Erasures as the API sees them: recorded in the vault and carried out at once in the background, by the process that
 * took the request. The vault forgets the person (tombstones, keys shredded, its tables rewritten), then ClickHouse
 * forgets their ids in the BI views' names. Each step can run again, so an erasure a stopped process left unfinished
 * is carried out by the next start (`resume`).
 */
export class ErasureRunner implements Erasures {
  private readonly running = new Set<Promise<unknown>>()

  constructor(
    private readonly vault: PersonVault,
    private readonly clickhouse: ClickHouse,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  async request(personId: string, requestedBy: string): Promise<ErasureRecord> {
    const record = await this.vault.requestErasure(personId, requestedBy)
    this.carryOut(record.id)
    return record
  }

  get(id: string): Promise<ErasureRecord | undefined> {
    return this.vault.erasure(id)
  }

  async resume(): Promise<void> {
    const unfinished = (await this.vault.erasures(1_000)).filter((record) => record.state === 'requested' || record.state === 'running')
    for (const record of unfinished) this.carryOut(record.id)
  }

  /** Waits for the erasures under way (a stopping process finishes them rather than leave them to the next start). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.running])
  }

  private carryOut(id: string): void {
    const work = (async () => {
      try {
        const { pseudonyms } = await this.vault.runErasure(id)
        await forgetPersonNames(this.clickhouse, pseudonyms)
        await this.vault.finishErasure(id, {})
        this.log(`erasure ${id}: done`)
      } catch (error) {
        // The reason names stores and statements, never the person: the vault's errors hold no identifier.
        const reason = (error as Error).message
        this.log(`erasure ${id} failed: ${reason}`)
        await this.vault.finishErasure(id, { error: reason }).catch(() => undefined)
      }
    })()
    this.running.add(work)
    void work.finally(() => this.running.delete(work))
  }
}
