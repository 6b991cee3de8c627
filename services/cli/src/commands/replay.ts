import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { UsageError, type Command } from '../cli.ts'
import { rollOut, rollOutChannelRules } from '../rollout.ts'

export const replayCommand: Command = {
  name: 'replay',
  summary: 'publish a lead definition (or channel rules), replay all of history under it, compare it with the active one, activate it',
  usage: 'attribution replay (--definition FILE.yaml | --channel-rules FILE.yaml) [--activate] [--url http://127.0.0.1:3000]',
  options: {
    definition: { type: 'string' },
    'channel-rules': { type: 'string' },
    activate: { type: 'boolean', default: false },
    url: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  optionHelp: [
    '--definition FILE      the lead definition, YAML (.yaml, .yml) or JSON (.json); see packages/domain/docs/lead-definitions.md',
    '--channel-rules FILE   instead: channel rules, YAML or JSON, which classify raw touches into channels and campaigns;',
    '                       see docs/channel-rules.md. The progress bar counts events, its total the touches classified',
    '--activate             make it the active definition (rules) once the replay is done (default: leave the active one)',
    '--url URL              the engine API (default http://127.0.0.1:3000, env ATTRIBUTION_URL); start it with attribution start',
    '                       once API keys exist, the key to send is env ATTRIBUTION_API_KEY (scope admin)',
    '--json                 print the summary as JSON on stdout',
  ],
  async run(values) {
    const rulesFile = values['channel-rules'] as string | undefined
    if (rulesFile !== undefined && values.definition !== undefined) throw new UsageError('give --definition or --channel-rules, not both')
    const file = (values.definition as string | undefined) ?? rulesFile
    if (!file) throw new UsageError('--definition FILE is required, e.g. --definition packages/domain/lead-definitions/intent-and-fit.yaml (or --channel-rules FILE)')
    let document: string
    try {
      document = readFileSync(file, 'utf8')
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`)
    }
    const url = ((values.url as string | undefined) ?? process.env.ATTRIBUTION_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '')
    const options = {
      url,
      document,
      format: extname(file).toLowerCase() === '.json' ? ('json' as const) : ('yaml' as const),
      activate: values.activate === true,
      stream: process.stderr,
    }
    const result = rulesFile !== undefined ? await rollOutChannelRules(options) : await rollOut(options)
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
  },
}
