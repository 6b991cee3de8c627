import { loadConfig } from '@attribution/config'
import { formatPosition } from '@attribution/event-store'
import type { Command } from '../cli.ts'
import { metricsListenOf, metricsOptionHelp, metricsOptions, serveMetrics } from '../metricsServer.ts'
import { openProjection } from '../projection.ts'
import { stopOnSignals } from '../wiring.ts'

export const projectCommand: Command = {
  name: 'project',
  summary: 'server deployment: keep the ClickHouse tables in step with the event store, and run replays',
  usage: 'EVENT_STORE_URL=postgres://... CLICKHOUSE_URL=http://... attribution project',
  options: { ...metricsOptions },
  optionHelp: [
    ...metricsOptionHelp,
    '',
    'Reads EVENT_STORE_URL, CLICKHOUSE_URL, CLICKHOUSE_DATABASE. Applies migrations, then follows the log from the',
    'checkpoint stored in ClickHouse. Safe to kill at any point: a restart ends with the same tables. Runs the',
    'replays of lead definitions that `attribution serve` records. One per ClickHouse database.',
  ],
  async run(values) {
    const config = loadConfig()
    const metricsAt = metricsListenOf(values)
    let lastLog = 0
    const running = await openProjection(config, {
      onProgress: (checkpoint) => {
        if (Date.now() - lastLog < 5_000) return
        lastLog = Date.now()
        const position = checkpoint.position ? formatPosition(checkpoint.position) : 'start'
        process.stderr.write(`project: ${checkpoint.eventsProcessed} events applied, at ${position}\n`)
      },
    })
    const metrics = metricsAt ? await serveMetrics(running.projector.metrics.registry, metricsAt) : undefined
    stopOnSignals('the projector', async () => {
      await metrics?.close()
      await running.stop()
    })
    if (metrics) process.stderr.write(`project: metrics at ${metrics.url}\n`)
    await running.start()
    process.stderr.write('project: following the event log and running replays\n')
    await running.projector.done
  },
}
