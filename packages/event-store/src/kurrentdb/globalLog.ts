import { FORWARDS, START } from '@eventstore/db-client'
import type { GlobalPosition, StoredEvent } from '../eventStore.ts'
import { comparePositions } from '../position.ts'
import { positionOf, toStoredEvent } from './eventRecord.ts'
import type { KurrentClient } from './kurrentClient.ts'
import { FrontierWalk, furthest, readStart, unexplored, type LogFrontier } from './logFrontier.ts'
import type { StreamNames } from './streamNames.ts'

/** Most records one read of `$all` asks for. */
const maxPage = 1000

/**
 * The store's view of KurrentDB's `$all`: our events only, in log order.
 *
 * `@eventstore/db-client` 6.x reads `$all` without a server-side filter (only `subscribeToAll` takes one), so the
 * records are filtered here by stream name, and a read pays for every record it passes: system records such as
 * `$stats-…`, projection links and other applications' streams. The frontier (see `logFrontier.ts`) keeps that to
 * records no read has passed before, wherever a read carries on from where the log was already read.
 */
export class GlobalLog {
  private readonly client: KurrentClient
  private readonly streams: StreamNames
  private frontier: LogFrontier = unexplored

  constructor(client: KurrentClient, streams: StreamNames) {
    this.client = client
    this.streams = streams
  }

  /** Up to `limit` of our events strictly after `after`. */
  async readAfter(after: GlobalPosition | null, limit: number): Promise<StoredEvent[]> {
    const found: StoredEvent[] = []
    if (limit <= 0) return found
    // A few records a page per event wanted: most records are ours in a store of its own, links and stats are not.
    await this.scan(after, Math.min(maxPage, Math.max(64, 4 * limit)), (stored) => found.push(stored) < limit)
    return found
  }

  async countAfter(after: GlobalPosition | null): Promise<number> {
    if (after === null) return (await this.head()).events
    let count = 0
    await this.scan(after, maxPage, () => {
      count++
      return true
    })
    return count
  }

  /**
   * Our last event and how many there are, by reading on from the frontier to the end of `$all`: the first call in a
   * process reads the whole log, later calls only what was appended since.
   */
  async head(): Promise<{ position: GlobalPosition | null; events: number }> {
    await this.scan(this.frontier.last, maxPage, () => true)
    return { position: this.frontier.last, events: this.frontier.events }
  }

  /**
   * Reads `$all` page by page after the best start the frontier allows for `after`, handing our events to `visit`
   * until it answers false or the log ends. A page ends early only at the end of the log.
   */
  private async scan(
    after: GlobalPosition | null,
    pageSize: number,
    visit: (stored: StoredEvent) => boolean,
  ): Promise<void> {
    const start = readStart(this.frontier, after)
    const walk = start.extendsFrontier ? new FrontierWalk(this.frontier) : undefined
    let from = start.from
    let visiting = true
    while (visiting) {
      let records = 0
      const page = this.client.readAll({ fromPosition: from ?? START, direction: FORWARDS, maxCount: pageSize })
      for await (const resolved of page) {
        records++
        const record = resolved.event
        if (!record) throw new Error('KurrentDB sent a $all entry without its record')
        const position = positionOf(record)
        // Whether a read includes the record at its starting position is left open: skip it either way.
        if (from !== null && comparePositions(position, from) <= 0) continue
        const streamId = this.streams.streamIdOf(record.streamId)
        walk?.record(position, streamId !== undefined)
        // The rest of a page is still walked once `visit` has had enough: the frontier learns from it all the same.
        if (visiting && streamId !== undefined) visiting = visit(toStoredEvent(record, streamId))
        from = position
      }
      if (records < pageSize) break
    }
    if (walk) this.frontier = furthest(this.frontier, walk.result)
  }
}
