import { loadConfig } from '@attribution/config'
import { Projector } from '@attribution/projector'
import { formatPosition } from '@attribution/event-store'
import type { Command } from '../cli.ts'
import { closeAll, creditRebuildProgress, customCreditingProgress, openAnalytics, openStore, stopOnSignals, trainingProgress } from '../wiring.ts'

export const projectCommand: Command = {
  name: 'project',
  summary: 'server deployment: keep the ClickHouse tables in step with the event store',
  usage: 'EVENT_STORE_URL=postgres://... CLICKHOUSE_URL=http://... attribution project',
  options: {},
  optionHelp: [
    'Reads EVENT_STORE_URL, CLICKHOUSE_URL, CLICKHOUSE_DATABASE. Applies migrations, then follows the log from the',
    'checkpoint stored in ClickHouse. Safe to kill at any point: a restart ends with the same tables.',
  ],
  async run() {
    const config = loadConfig()
    const store = await openStore(config)
    const clickhouse = await openAnalytics(config)
    let lastLog = 0
    const projector = new Projector({
      store,
      clickhouse,
      onCreditRebuild: creditRebuildProgress(),
      retrainGrowth: config.retrainGrowth,
      onTraining: trainingProgress(),
      onCustomCrediting: customCreditingProgress(),
      onProgress: (checkpoint) => {
        if (Date.now() - lastLog < 5_000) return
        lastLog = Date.now()
        const position = checkpoint.position ? formatPosition(checkpoint.position) : 'start'
        process.stderr.write(`project: ${checkpoint.eventsProcessed} events applied, at ${position}\n`)
      },
    })
    stopOnSignals('the projector', async () => {
      await projector.stop()
      await closeAll(() => store.close(), () => clickhouse.close())
    })
    await projector.start()
    process.stderr.write('project: following the event log\n')
    await projector.done
  },
}
