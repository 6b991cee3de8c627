/** Events the API writes itself rather than taking them from producers. */
export const writtenTypes = ['lead_definition.published', 'lead_definition.activated', 'attribution_model.saved'] as const
export type WrittenType = (typeof writtenTypes)[number]

const idOf = (event: unknown): string => (event as { eventId: string }).eventId

/**
 * What the engine answered it stored, request by request: the yardstick of the final checks (each of these stored
 * once, nothing else stored, and a reference engine fed only these counts the same), and what a request must be
 * answered given what came before it.
 */
export class Ledger {
  /** Each event id the engine took from a producer, with the body it was first taken with, in the order taken. */
  readonly events = new Map<string, unknown>()
  /** Events the API wrote itself, by type. */
  readonly written: Record<WrittenType, number> = { 'lead_definition.published': 0, 'lead_definition.activated': 0, 'attribution_model.saved': 0 }
  /** Every published definition version (`id@version`) with its document. */
  readonly definitions = new Map<string, string>()
  /** Versions (`id@version`) a replay was started for. */
  readonly replays = new Set<string>()
  /** The version activated last (`id@version`). */
  active: string | undefined

  /** Of these events, the engine found valid, those it must store now: ids not stored before nor earlier in the request. */
  newEvents(valid: readonly unknown[]): unknown[] {
    const seen = new Set<string>()
    return valid.filter((event) => {
      const id = idOf(event)
      const isNew = !this.events.has(id) && !seen.has(id)
      seen.add(id)
      return isNew
    })
  }

  recordStored(events: readonly unknown[]): void {
    for (const event of events) this.events.set(idOf(event), event)
  }

  /** The published versions of a definition, newest first. */
  versionsOf(definitionId: string): number[] {
    return [...this.definitions.keys()]
      .filter((key) => key.slice(0, key.lastIndexOf('@')) === definitionId)
      .map((key) => Number(key.slice(key.lastIndexOf('@') + 1)))
      .sort((a, b) => b - a)
  }
}
