import { describe, expect, it } from 'vitest'
import type { GlobalPosition } from '../eventStore.ts'
import { FrontierWalk, furthest, readStart, unexplored } from './logFrontier.ts'

const at = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) })

/** A frontier that read records 1..6 of `$all`, of which 3 and 5 are ours. */
function walked() {
  const walk = new FrontierWalk(unexplored)
  for (const n of [1, 2, 3, 4, 5, 6]) walk.record(at(n), n === 3 || n === 5)
  return walk.result
}

describe('the log frontier', () => {
  it('Given records read from the start of $all, When walked, Then it knows how far, how many of ours, the last and what lies before the first', () => {
    expect(walked()).toEqual({ readTo: at(6), events: 2, last: at(5), beforeFirst: at(2) })

    const openedByOurs = new FrontierWalk(unexplored)
    openedByOurs.record(at(1), true)
    expect(openedByOurs.result).toMatchObject({ beforeFirst: null, events: 1 })
  })

  it('Given a frontier, When a read after a position starts, Then it skips only what holds none of ours', () => {
    const frontier = walked()

    // Caught up (at or past our last event, within what was read): carry on from the end, extending the frontier.
    expect(readStart(frontier, at(5))).toEqual({ from: at(6), extendsFrontier: true })
    expect(readStart(frontier, at(6))).toEqual({ from: at(6), extendsFrontier: true })
    // Behind our last event: read from the position itself.
    expect(readStart(frontier, at(4))).toEqual({ from: at(4), extendsFrontier: false })
    // Beyond what was read: nothing known about the gap.
    expect(readStart(frontier, at(9))).toEqual({ from: at(9), extendsFrontier: false })
    // From the start: skip the records before our first event.
    expect(readStart(frontier, null)).toEqual({ from: at(2), extendsFrontier: false })
  })

  it('Given nothing read yet, or nothing of ours read, When a read starts, Then it starts where the frontier ends', () => {
    expect(readStart(unexplored, null)).toEqual({ from: null, extendsFrontier: true })
    expect(readStart(unexplored, at(3))).toEqual({ from: at(3), extendsFrontier: false })

    const noneOfOurs = new FrontierWalk(unexplored)
    noneOfOurs.record(at(1), false)
    noneOfOurs.record(at(2), false)
    expect(readStart(noneOfOurs.result, null)).toEqual({ from: at(2), extendsFrontier: true })
  })

  it('Given a frontier extended by a later read, When walked on, Then counts add up and the further frontier wins', () => {
    const walk = new FrontierWalk(walked())
    walk.record(at(7), true)
    walk.record(at(8), false)
    const further = walk.result

    expect(further).toEqual({ readTo: at(8), events: 3, last: at(7), beforeFirst: at(2) })
    expect(furthest(walked(), further)).toBe(further)
    expect(furthest(further, walked())).toBe(further)
    expect(furthest(unexplored, further)).toBe(further)
    expect(furthest(further, unexplored)).toBe(further)
  })
})
