/**
 * `pnpm -s bench:validate [events]`: how many events per second the edge reads and checks (JSON.parse then
 * validateEvent), on simulated events serialised as producers send them. The ingest hot path runs exactly this per
 * event, so a change to the contract's checks should not move it much.
 */
import { validateEvent } from '@attribution/contracts'
import { simulate } from '@attribution/simulation'

const wanted = Number(process.argv[2] ?? 100_000)
const lines: string[] = []
for (const event of simulate({ accounts: Math.ceil(wanted / 30) + 10 })) {
  if (lines.length === wanted) break
  lines.push(JSON.stringify(event))
}

const policy = { reportingCurrency: 'USD' }
const rates: number[] = []
for (let run = 0; run < 9; run += 1) {
  // CPU time rather than wall time: on a shared machine the wall clock also counts other processes' turns.
  const started = process.cpuUsage()
  let refused = 0
  for (const line of lines) if (!validateEvent(JSON.parse(line), policy).ok) refused += 1
  const used = process.cpuUsage(started)
  if (refused > 0) throw new Error(`${refused} simulated events were refused`)
  rates.push(lines.length / ((used.user + used.system) / 1e6))
}
// The first runs warm the JIT up; the median of the rest is what a long-running ingestor sees.
const settled = rates.slice(2).sort((a, b) => a - b)
const median = settled[Math.floor(settled.length / 2)] ?? 0
const format = (rate: number) => Math.round(rate).toLocaleString('en-US')
console.log(`${lines.length} events, parse + validate per CPU second: median ${format(median)}, best ${format(settled.at(-1) ?? 0)} events/s`)
