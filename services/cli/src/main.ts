import { ConfigError } from '@attribution/config'
import { ProtectedModeRefusal } from './apiAccess.ts'
import { runCommand, UsageError, type Command } from './cli.ts'
import { ApiError } from './apiClient.ts'
import { benchCommand } from './commands/bench.ts'
import { importCommand } from './commands/import.ts'
import { ingestCommand } from './commands/ingest.ts'
import { keysCommand } from './commands/keys.ts'
import { projectCommand } from './commands/project.ts'
import { quarantineCommand } from './commands/quarantine.ts'
import { replayCommand } from './commands/replay.ts'
import { serveCommand } from './commands/serve.ts'
import { simulateCommand } from './commands/simulate.ts'
import { startCommand } from './commands/start.ts'

const commands: Command[] = [
  startCommand,
  importCommand,
  simulateCommand,
  replayCommand,
  ingestCommand,
  projectCommand,
  quarantineCommand,
  serveCommand,
  keysCommand,
  benchCommand,
]

function overview(): string {
  return [
    'attribution - closed-loop attribution engine: events in, pipeline and revenue by campaign out',
    '',
    'usage: attribution <command> [options]',
    '',
    'commands:',
    ...commands.map((command) => `  ${command.name.padEnd(10)} ${command.summary}`),
    '',
    "Run 'attribution <command> --help' for a command's options.",
    'Configuration comes from flags, then environment variables (EVENT_STORE_URL, CLICKHOUSE_URL, PORT, ...).',
  ].join('\n')
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`)
    return
  }
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) throw new UsageError(`unknown command '${name}'\n\n${overview()}`)
  await runCommand(command, rest)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof ProtectedModeRefusal) {
    process.stderr.write(`attribution: ${error.message}\n`)
    process.exitCode = 2
    return
  }
  if (error instanceof ApiError) {
    process.stderr.write(`attribution: ${error.message}\n`)
    process.exitCode = 1
    return
  }
  process.stderr.write(`attribution: ${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})

