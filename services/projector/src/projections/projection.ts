import type { PositionedEvent } from '@attribution/read-model'

export type EventType = PositionedEvent['event']['type']

/**
 * One part of the read model the projector keeps: what it is called (its checkpoint is kept under that name), the
 * event types it applies, the tables it alone writes, and how it applies and takes back events.
 *
 * Both must be idempotent: the same events applied twice, or again after a restart at any point, leave the same rows.
 * The projection specs under test/projections/ prove that for each projection. The projector applies the projections
 * in the order of the list (projections.ts), so a projection may read the tables of those before it, never after.
 */
export interface Projection {
  readonly name: string
  /** The event types it applies; a batch's other events only move its checkpoint. */
  readonly handles: ReadonlySet<EventType>
  /** The ClickHouse tables (and the views reading only them) it writes, and no other projection does. */
  readonly tables: readonly string[]
  /** Applies a batch's events of the types it handles. `version` counts the events applied through the batch's end. */
  apply(events: readonly PositionedEvent[], version: number): Promise<void>
  /**
   * Takes back what events it applied, once they have been set aside (quarantined): their own rows, or what it derived
   * from them, recomputed from the tables before it, which no longer hold them.
   */
  takeBack(events: readonly PositionedEvent[], version: number): Promise<void>
}


/** The name a projection's checkpoint is kept under, beside its projector's own. */
export const projectionCheckpoint = (projector: string, projection: Projection): string => `${projector}/${projection.name}`
