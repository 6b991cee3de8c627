import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A command of the `attribution` CLI: its help text, its flags, and what it does with them. */
export interface Command {
  name: string
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  /** One line per flag, shown by --help. */
  optionHelp: string[]
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void>
}

export class UsageError extends Error {}

export function helpOf(command: Command): string {
  return [
    `attribution ${command.name} - ${command.summary}`,
    '',
    `usage: ${command.usage}`,
    '',
    'options:',
    ...command.optionHelp.map((line) => `  ${line}`),
    '  -h, --help             show this help',
  ].join('\n')
}

export async function runCommand(command: Command, argv: string[]): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      allowNegative: true,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${helpOf(command)}`)
  }
  if (parsed.values.help) {
    process.stdout.write(`${helpOf(command)}\n`)
    return
  }
  await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals)
}

/** A whole number from a flag, or a usage error naming the flag. */
export function intFlag(values: Record<string, unknown>, name: string, fallback: number, min = 0): number {
  const raw = values[name]
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be a whole number >= ${min}, not '${String(raw)}'`)
  return value
}
