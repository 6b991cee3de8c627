import { loadLeadDefinitions, migrate, openClickHouse, rowsOfBatch, writeCheckpoint, writeRows, type PositionedEvent } from '@attribution/analytics'
import { readFileSync } from 'node:fs'
import { startReplay } from '@attribution/projector'
import { simulate } from '@attribution/simulation'
const ch = await openClickHouse({ path: '/tmp/prof-chdb', database: 'prof4' })
await migrate(ch)
if ((await loadLeadDefinitions(ch)).length === 0) {
  const document = readFileSync('packages/domain/lead-definitions/intent-and-fit.yaml', 'utf8')
  let p = 1n
  let batch: PositionedEvent[] = [{ event: { eventId: 'def', type: 'lead_definition.published', occurredAt: new Date().toISOString(), data: { definitionId: 'intent-and-fit', version: 1, name: 'x', format: 'yaml', document } }, position: { commit: 1n, prepare: 1n } }]
  for (const event of simulate({ accounts: 10000, seed: 1 })) { p++; batch.push({ event, position: { commit: p, prepare: p } }); if (batch.length >= 50000) { await writeRows(ch, rowsOfBatch(batch)); batch = [] } }
  await writeRows(ch, rowsOfBatch(batch))
  await writeCheckpoint(ch, 'facts', { position: { commit: p, prepare: p }, eventsProcessed: Number(p) })
  console.log('loaded', p)
}
const { Session } = await import('node:inspector/promises')
const session = new Session(); session.connect()
await session.post('Profiler.enable'); await session.post('Profiler.start')
const t = performance.now()
const { run } = await startReplay({ clickhouse: ch, definitionId: 'intent-and-fit', version: 1, personsPerStep: 10000 })
const job = await run()
console.log('replay ms', performance.now() - t, job.personsTotal, job.state)
const { profile } = await session.post('Profiler.stop')
const self = new Map<string, number>()
const dt = profile.timeDeltas ?? []
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]))
profile.samples?.forEach((id: number, i: number) => { const n: any = byId.get(id); const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)) })
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'))
await ch.close()
