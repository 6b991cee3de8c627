import { readFileSync } from 'node:fs'
import { hashApiKey, newApiKey } from '@attribution/api'
import { loadConfig } from '@attribution/config'
import { estimateEvents, simulate } from '@attribution/simulation'
import type { Event } from '@attribution/contracts'
import { intFlag, type Command } from '../cli.ts'
import { openEngine, type Engine } from '../engine.ts'
import { apiLogger } from '../logging.ts'
import { stopOnSignals } from '../wiring.ts'
import { ProgressBar } from '../progress.ts'
import { rollOut } from '../rollout.ts'

const SAMPLE_ACCOUNTS = 200
const APPEND_BATCH = 5_000

export const startCommand: Command = {
  name: 'start',
  summary: 'run the embedded engine (event store, ClickHouse, projector, API) with sample data on first start',
  usage: 'attribution start [--port 3000] [--host 127.0.0.1] [--data-dir .data] [--no-sample]',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    sample: { type: 'boolean', default: true },
    'sample-accounts': { type: 'string' },
  },
  optionHelp: [
    '--port N               port of the HTTP API (default 3000, env PORT)',
    '--host ADDRESS         address to listen on (default 127.0.0.1, env HOST); any other than this machine\'s',
    '                       needs an API key to exist first (attribution keys create), or the API refuses to start',
    '--data-dir DIR         where the embedded event store and ClickHouse keep their files (default .data)',
    '--no-sample            start empty instead of loading the simulated sample dataset and example lead definitions',
    `--sample-accounts N    size of the sample dataset (default ${SAMPLE_ACCOUNTS} accounts)`,
  ],
  async run(values) {
    const config = loadConfig({
      port: values.port === undefined ? undefined : intFlag(values, 'port', 3000),
      host: values.host as string | undefined,
      dataDir: values['data-dir'] as string | undefined,
    })
    const engine = await openEngine(config, { logger: apiLogger(config.logLevel) })
    stopOnSignals('the engine', () => engine.stop())
    const sample = values.sample !== false && (await engine.store.head()).events === 0
    if (sample) await loadSample(engine, intFlag(values, 'sample-accounts', SAMPLE_ACCOUNTS, 1), config.reportingCurrency)
    const url = await engine.listen()
    if (sample) await withRolloutKey(engine, (apiKey) => rollOutExamples(url, apiKey))
    process.stderr.write(
      [
        `engine ready at ${url} (data in ${config.dataDir})`,
        `  try: curl '${url}/v1/revenue-by-campaign?model=w_shaped'`,
        `       curl '${url}/v1/funnel?groupBy=channel'`,
        `       curl '${url}/v1/handoffs'`,
        `       curl '${url}/v1/lead-definitions/compare?candidate=activity-based@1'`,
        `  API documentation: ${url}/docs`,
        '',
        // Last, so the link a person clicks is the line their terminal ends on.
        `Dashboard: ${url}/`,
        '',
      ].join('\n'),
    )
  },
}

/** Fills an empty store with the simulated history, so the first query already has numbers to show. */
async function loadSample(engine: Engine, accounts: number, currency: string): Promise<void> {
  const progress = new ProgressBar('loading sample data', estimateEvents(accounts))
  let batch: Event[] = []
  let total = 0
  const flush = async () => {
    await engine.store.append(batch)
    progress.advance(batch.length)
    total += batch.length
    batch = []
  }
  for (const event of simulate({ accounts, currency })) {
    batch.push(event)
    if (batch.length >= APPEND_BATCH) await flush()
  }
  if (batch.length > 0) await flush()
  progress.finish(`loaded ${total.toLocaleString('en-US')} sample events (${accounts} accounts); projecting them now`)
}

const examples = new URL('../../../../packages/domain/lead-definitions/', import.meta.url)

/**
 * Both example lead definitions, replayed over the sample: intent-and-fit active, activity-based ready to compare with
 * it. The funnel and handoff queries answer from the first start, and the rollout shows how a new definition goes live.
 */
async function rollOutExamples(url: string, apiKey: string | undefined): Promise<void> {
  for (const [name, activate] of [['intent-and-fit', true], ['activity-based', false]] as const) {
    const document = readFileSync(new URL(`${name}.yaml`, examples), 'utf8')
    await rollOut({ url, document, format: 'yaml', activate, stream: process.stderr, ...(apiKey ? { apiKey } : {}) })
  }
}

/**
 * The examples go through the API like any client's definitions. Once keys exist that takes one: an admin key made
 * for the rollout alone and revoked right after (only its hash is ever stored).
 */
async function withRolloutKey(engine: Engine, rollout: (apiKey: string | undefined) => Promise<void>): Promise<void> {
  if (!engine.keys || (await engine.keys.list()).length === 0) return rollout(undefined)
  const name = `start-sample-rollout-${process.pid}`
  const key = newApiKey()
  await engine.keys.create({ name, scopes: ['admin'], hash: hashApiKey(key) })
  try {
    await rollout(key)
  } finally {
    await engine.keys.revoke(name)
  }
}
