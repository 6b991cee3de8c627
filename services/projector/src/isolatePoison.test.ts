import { describe, expect, it } from 'vitest'
import { applyIsolating, type IsolationSteps } from './isolatePoison.ts'

/** A projection of numbers that cannot apply the poisoned ones, recording what happened in order. */
function projection(poisoned: ReadonlySet<number>, outages = 0) {
  const applied: number[] = []
  const quarantined: number[] = []
  let attempts = 0
  let outagesLeft = outages
  let outagesWaited = 0
  const steps: IsolationSteps<number> = {
    async apply(events) {
      attempts++
      if (outagesLeft > 0) throw new Error('connection refused')
      const poison = events.find((event) => poisoned.has(event))
      if (poison !== undefined) throw new Error(`cannot apply ${poison}`)
      applied.push(...events)
    },
    async quarantine(event, error) {
      expect((error as Error).message).toBe(`cannot apply ${event}`)
      quarantined.push(event)
    },
    async storesAnswer() {
      if (outagesLeft === 0) return true
      outagesLeft--
      outagesWaited++
      return false
    },
  }
  return { steps, applied, quarantined, attempts: () => attempts, outagesWaited: () => outagesWaited }
}

const range = (n: number) => Array.from({ length: n }, (_, index) => index)

describe('applyIsolating', () => {
  it('Given a batch without poison, When applied, Then it is applied in one attempt', async () => {
    const run = projection(new Set())
    await applyIsolating(range(1000), run.steps)
    expect(run.applied).toEqual(range(1000))
    expect(run.attempts()).toBe(1)
    expect(run.quarantined).toEqual([])
  })

  it('Given poison events anywhere, When applied, Then exactly those are quarantined and every other is applied in order', async () => {
    const poisoned = new Set([0, 17, 18, 511, 999])
    const run = projection(poisoned)
    await applyIsolating(range(1000), run.steps)
    expect(run.quarantined).toEqual([...poisoned])
    expect(run.applied).toEqual(range(1000).filter((event) => !poisoned.has(event)))
  })

  it('Given one poison event in 25,000, When applied, Then it costs a logarithmic number of attempts', async () => {
    const run = projection(new Set([12_345]))
    await applyIsolating(range(25_000), run.steps)
    expect(run.quarantined).toEqual([12_345])
    // Halving 25,000 down to one event takes 15 levels; each level tries two halves, plus the retry of the lone event.
    expect(run.attempts()).toBeLessThanOrEqual(2 * 15 + 2)
  })

  it('Given the stores are down, When applied, Then nothing is quarantined: the batch waits and is applied whole', async () => {
    const run = projection(new Set(), 3)
    await applyIsolating(range(100), run.steps)
    expect(run.outagesWaited()).toBe(3)
    expect(run.quarantined).toEqual([])
    expect(run.applied).toEqual(range(100))
  })

  it('Given an event that fails until its first attempt alone, When isolated, Then its second attempt alone applies it', async () => {
    const run = projection(new Set())
    let triedAlone = false
    const flaky: IsolationSteps<number> = {
      ...run.steps,
      async apply(events) {
        if (events.includes(7) && !triedAlone) {
          triedAlone = events.length === 1
          throw new Error('socket hang up')
        }
        await run.steps.apply(events)
      },
    }
    await applyIsolating(range(10), flaky)
    expect(triedAlone).toBe(true)
    expect(run.quarantined).toEqual([])
    expect([...run.applied].sort((a, b) => a - b)).toEqual(range(10))
  })
})
