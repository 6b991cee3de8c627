import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { estimateEvents, simulate } from '@attribution/simulation'
import { intFlag, type Command } from '../cli.ts'
import { ProgressBar } from '../progress.ts'

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'write a deterministic, realistic B2B event history as NDJSON',
  usage: 'attribution simulate [--accounts 200] [--seed 42] [--out events.ndjson]',
  options: { accounts: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string', short: 'o' } },
  optionHelp: [
    '--accounts N           number of accounts; events grow linearly (about 60 per account)',
    '--seed N               random seed; the same seed and size give byte-identical output (default 42)',
    '-o, --out FILE         write to FILE with a progress bar instead of standard output',
  ],
  async run(values) {
    const accounts = intFlag(values, 'accounts', 200, 1)
    const seed = intFlag(values, 'seed', 42)
    const file = values.out as string | undefined
    const output = file ? createWriteStream(file) : process.stdout
    const progress = file ? new ProgressBar('simulating', estimateEvents(accounts)) : undefined
    let count = 0
    for (const event of simulate({ accounts, seed })) {
      count += 1
      progress?.advance(1)
      if (!output.write(`${JSON.stringify(event)}\n`)) await once(output, 'drain')
    }
    if (file) {
      output.end()
      await once(output, 'finish')
      progress?.finish(`wrote ${count.toLocaleString('en-US')} events to ${file}`)
    }
  },
}
