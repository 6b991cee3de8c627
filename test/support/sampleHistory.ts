import type { Event } from '@attribution/contracts'
import { simulate } from '@attribution/simulation'
import type { Engine } from '@attribution/cli'

/** A simulated history appended straight to the engine's store, as `attribution start` loads its sample. */
export async function loadSimulatedHistory(engine: Engine, accounts: number): Promise<number> {
  const events: Event[] = [...simulate({ accounts, currency: 'USD' })]
  for (let at = 0; at < events.length; at += 5_000) await engine.store.append(events.slice(at, at + 5_000))
  return events.length
}
