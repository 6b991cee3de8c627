import type { GlobalPosition } from '../eventStore.ts'
import { comparePositions } from '../position.ts'

/**
 * What a store has learnt about `$all` by reading it from its start. `$all` only grows at its end, so these facts stay
 * true and let later reads skip stretches that hold none of our events: the system and other records after our last
 * event (re-read by every poll of a caught-up subscription otherwise), the records before our first one, and, for
 * `head()`, everything already counted.
 */
export interface LogFrontier {
  /** How far `$all` was read without a gap from its start; null: not yet. */
  readTo: GlobalPosition | null
  /** How many of our events lie up to `readTo`... */
  events: number
  /** ...and where the last of them is. */
  last: GlobalPosition | null
  /** The record just before our first event (null: our first event opens `$all`); undefined until it was found. */
  beforeFirst: GlobalPosition | null | undefined
}

export const unexplored: LogFrontier = { readTo: null, events: 0, last: null, beforeFirst: undefined }

export interface ReadStart {
  /** Read the records after this position (null: from the start of `$all`). */
  from: GlobalPosition | null
  /** Whether the read carries on from the frontier's end, so that what it sees moves the frontier on. */
  extendsFrontier: boolean
}

/** Where to start reading for our events after `after`, skipping what the frontier knows holds none. */
export function readStart(frontier: LogFrontier, after: GlobalPosition | null): ReadStart {
  const { readTo, last } = frontier
  const noneOfOursAfter = (position: GlobalPosition | null) =>
    last === null || (position !== null && comparePositions(position, last) >= 0)
  const withinFrontier = (position: GlobalPosition | null) =>
    readTo === null ? position === null : position === null || comparePositions(position, readTo) <= 0
  if (noneOfOursAfter(after) && withinFrontier(after)) return { from: readTo, extendsFrontier: true }
  if (after === null && frontier.beforeFirst !== undefined) return { from: frontier.beforeFirst, extendsFrontier: false }
  return { from: after, extendsFrontier: false }
}

/** Follows a read that carries on from a frontier's end, record by record, to the frontier it leaves behind. */
export class FrontierWalk {
  private frontier: LogFrontier

  constructor(start: LogFrontier) {
    this.frontier = { ...start }
  }

  /** The next record of `$all`, and whether it is one of our events. */
  record(position: GlobalPosition, ours: boolean): void {
    const frontier = this.frontier
    if (ours) {
      if (frontier.beforeFirst === undefined) frontier.beforeFirst = frontier.readTo
      frontier.events++
      frontier.last = position
    }
    frontier.readTo = position
  }

  get result(): LogFrontier {
    return { ...this.frontier }
  }
}

/** Of two frontiers (from reads that ran side by side), the one that reaches further. */
export function furthest(a: LogFrontier, b: LogFrontier): LogFrontier {
  if (b.readTo === null) return a
  if (a.readTo === null) return b
  return comparePositions(b.readTo, a.readTo) > 0 ? b : a
}
