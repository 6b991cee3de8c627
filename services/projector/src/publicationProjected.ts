import type { ClickHouse } from '@attribution/clickhouse'
import { readCheckpoint } from '@attribution/read-model'
import { comparePositions, type GlobalPosition } from '@attribution/event-store'

export interface PublicationWait {
  clickhouse: ClickHouse
  /** The projection that applies publications (facts). */
  projection: string
  /** The version, as `id@version`. */
  name: string
  /** Whether the read model holds the publication (asked once the projection has gone past it). */
  isProjected: () => Promise<boolean>
  /** Where the publication stands in the log. */
  position: GlobalPosition
  /** Called every half minute while waiting: a job that reports nothing for minutes counts as dead. */
  heartbeat: () => Promise<void>
}

const pollMs = 100
const heartbeatMs = 30_000
/** How long the projection may stand still, short of the publication, before it counts as stopped. */
const stillForMs = 5 * 60_000

/**
 * Waits until the projection has applied a version's publication (its checkpoint is at or past it), so that its
 * batches keep what the version derives (lifecycles, touch channels) current from then on, and the replay counts every event before it: a version
 * can be replayed the moment it is published, before the read model has it. Usually it has already. Throws when the
 * projection went past the publication without applying it (it set the event aside), or stood still for five minutes
 * without reaching it (no projector runs).
 */
export async function publicationProjected(wait: PublicationWait): Promise<void> {
  const { clickhouse, projection, name, isProjected, position, heartbeat } = wait
  let processed = -1
  let movedAt = Date.now()
  let beatAt = Date.now()
  for (;;) {
    const checkpoint = await readCheckpoint(clickhouse, projection)
    // The checkpoint is written after the batch's rows: the publication is in the read model now, or never will be.
    if (checkpoint.position !== null && comparePositions(checkpoint.position, position) >= 0) {
      if (await isProjected()) return
      throw new Error(`the projector set the publication of ${name} aside instead of applying it: see GET /v1/quarantine`)
    }
    const now = Date.now()
    if (checkpoint.eventsProcessed !== processed) {
      processed = checkpoint.eventsProcessed
      movedAt = now
    } else if (now - movedAt > stillForMs) {
      throw new Error(`the projector has not applied the publication of ${name}, and has applied nothing for ${stillForMs / 1000} s: is it running?`)
    }
    if (now - beatAt >= heartbeatMs) {
      await heartbeat()
      beatAt = now
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}
