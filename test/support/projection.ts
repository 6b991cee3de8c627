import type { ClickHouse } from '@attribution/clickhouse'
import { revenueByCampaign, type RevenueByCampaign } from '@attribution/read-model'
import { attributionModels } from '@attribution/domain'
import { Projector, type ProjectorOptions } from '@attribution/projector'
import { eventually } from './eventually.ts'

/**
 * Runs a projector until it has applied every stored event (or until it fails), then `work` with it if given (a
 * training, say), then stops it.
 */
export async function projectAll(options: ProjectorOptions, work?: (projector: Projector) => Promise<unknown>): Promise<void> {
  const projector = new Projector({ idleMs: 10, ...options })
  await projector.start()
  const caughtUp = eventually(async () => (await projector.status()).lag === 0, `projector ${projector.name} caught up`, 120_000, 20)
  try {
    await Promise.race([caughtUp, projector.done])
    await work?.(projector)
  } finally {
    await projector.stop()
  }
}

/** revenue-by-campaign under every model with default options: the numbers two deployments must agree on. */
export async function everyModel(clickhouse: ClickHouse): Promise<Record<string, RevenueByCampaign>> {
  const results: Record<string, RevenueByCampaign> = {}
  for (const model of attributionModels) {
    results[model] = await revenueByCampaign(clickhouse, { model, level: 'campaign', lookbackDays: 365, halfLifeDays: 7 })
  }
  return results
}
