import type { ClickHouse } from '@attribution/clickhouse'
import { readCheckpoint } from '@attribution/read-model'
import type { Event } from '@attribution/contracts'
import { openEventDatabase } from '@attribution/event-store'
import { Projector } from '@attribution/projector'
import { measurePath, progressTo, type PathResult } from './measure.ts'

/** The projector's name in the bench: its checkpoint is where a history set up before the run is counted. */
export const embeddedProjection = 'bench-embedded'

/**
 * The embedded path: append to PGlite on disk in batches, through the person vault as HTTP ingest does (pseudonyms,
 * sealed attributes), while the projector follows into ClickHouse.
 */
export async function benchEmbedded(
  events: readonly Event[],
  storeDir: string,
  clickhouse: ClickHouse,
  batchSize: number,
): Promise<PathResult> {
  const name = embeddedProjection
  const { events: store, vault } = await openEventDatabase(storeDir)
  const persons = vault as NonNullable<typeof vault>
  // A projection that starts on a history counts its events already (liveAtScale.ts).
  const applied = (await readCheckpoint(clickhouse, name)).eventsProcessed
  const projected = progressTo(applied + events.length)
  const projector = new Projector({ store, clickhouse, name, idleMs: 10, onProgress: projected.onProgress, persons })
  try {
    const path = 'embedded: append -> PGlite -> projector -> chDB'
    return await measurePath(path, events, batchSize, async (batch) => store.append((await persons.pseudonymize(batch)).events), () => projector.start(), projected.done)
  } finally {
    await projector.stop()
    await store.close()
  }
}
