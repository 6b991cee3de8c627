/**
 * What one live batch costs the projector on a large history, credits and lifecycles apart:
 * `tsx scripts/bench-live-batch.ts [deals in the history, default 1,000,000] [batches, default 6]`.
 *
 * The history (ten touches a deal) is generated straight into the fact tables, as `attribution bench` does, with the
 * intent-and-fit definition active. Each batch then brings 1,800 touches of known people of the history and a deal for
 * one in ten of them, and is applied as the projector applies it: facts, then the credits of the deals it affects
 * under the rule-based models, then the lifecycles of the people it affects. Prints each batch and the medians as JSON.
 * Credits are kept only from the batches on (no rebuild of the history's), so the days they are summed on hold few
 * lines: what this measures is finding and reading what a batch touches in a history of this size.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { migrate, openClickHouse, writeRows } from '@attribution/clickhouse'
import type { Event } from '@attribution/contracts'
import { CreditSumKeeper, migrationsFolder, refreshDealCredits, refreshLeadLifecycles, rowsOfBatch, ruleCreditModels, type PositionedEvent } from '@attribution/read-model'
import { generateAttributionDataset } from '../services/cli/src/bench/attributionDataset.ts'
import { exampleDefinition } from '../services/cli/src/bench/exampleDefinition.ts'

const deals = Number(process.argv[2] ?? 1_000_000)
const batches = Number(process.argv[3] ?? 6)
const dataDir = mkdtempSync(path.join(tmpdir(), 'attribution-live-batch-'))
const clickhouse = await openClickHouse({ path: dataDir, database: 'live_batch' })
try {
  await migrate(clickhouse, migrationsFolder)
  const started = performance.now()
  const dataset = await generateAttributionDataset(clickhouse, deals)
  process.stderr.write(`history of ${deals.toLocaleString('en-US')} deals generated in ${Math.round(performance.now() - started)} ms\n`)

  let next = 1_000_000_000
  const positioned = (event: Event): PositionedEvent => ({ event, position: { commit: BigInt(next), prepare: BigInt(next++) } })
  const { published, activated } = exampleDefinition()
  await writeRows(clickhouse, rowsOfBatch([positioned(published), positioned(activated)]))

  const end = Date.parse(dataset.to)
  const results: { events: number; deals: number; persons: number; creditsMs: number; lifecyclesMs: number }[] = []
  const sums = new CreditSumKeeper()
  for (let batch = 0; batch < batches; batch++) {
    const events: PositionedEvent[] = []
    for (let i = 0; i < 1_800; i++) {
      const personId = `p-${((batch * 1_800 + i) * 7_919) % dataset.persons}`
      const touchedAt = new Date(end - 3_600_000).toISOString()
      events.push(positioned({ eventId: `live-${batch}-${i}`, type: 'touchpoint.recorded', occurredAt: touchedAt, data: { personId, campaignId: 'cmp-1', channel: 'paid_social', touchType: 'ad_click' } }))
      if (i % 10 === 0) {
        const dealId = `live-deal-${batch}-${i}`
        const createdAt = new Date(end - 1_800_000).toISOString()
        events.push(positioned({ eventId: dealId, type: 'deal.created', occurredAt: createdAt, data: { dealId, accountId: 'live', amount: 1_000, currency: 'USD', contactIds: [personId] } }))
      }
    }
    await writeRows(clickhouse, rowsOfBatch(events))
    let at = performance.now()
    const affectedDeals = await refreshDealCredits(clickhouse, events, next, ruleCreditModels, sums)
    const creditsMs = Math.round(performance.now() - at)
    at = performance.now()
    const persons = await refreshLeadLifecycles(clickhouse, events, next)
    const lifecyclesMs = Math.round(performance.now() - at)
    results.push({ events: events.length, deals: affectedDeals, persons, creditsMs, lifecyclesMs })
    process.stderr.write(`${JSON.stringify(results.at(-1))}\n`)
  }
  const median = (key: 'creditsMs' | 'lifecyclesMs') => results.map((result) => result[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)]
  const summary = { deals, touchpoints: dataset.touchpoints, batches, creditsMsMedian: median('creditsMs'), lifecyclesMsMedian: median('lifecyclesMs') }
  process.stdout.write(`${JSON.stringify(summary)}\n`)
} finally {
  await clickhouse.close()
  rmSync(dataDir, { recursive: true, force: true })
}
