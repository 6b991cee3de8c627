import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { formatPath } from '@attribution/contracts'
import { parseImportMapping, type ImportMapping } from './importMapping.ts'

/** The mappings shipped with the engine, one YAML file each (documented in docs/imports.md). */
const shippedFolder = fileURLToPath(new URL('../../mappings/', import.meta.url))

export const shippedMappingNames = (): string[] =>
  readdirSync(shippedFolder)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => file.slice(0, -'.yaml'.length))
    .sort()

export class MappingError extends Error {}

/**
 * The mapping a user names: a shipped one by name (salesforce-opportunity), or their own YAML file by path. A mapping
 * that does not hold is refused with the path and reason of every problem.
 */
export function loadMapping(nameOrFile: string): ImportMapping {
  const shipped = shippedMappingNames().includes(nameOrFile)
  const file = shipped ? `${shippedFolder}${nameOrFile}.yaml` : nameOrFile
  if (!existsSync(file)) {
    throw new MappingError(`no mapping named ${nameOrFile}: name one of ${shippedMappingNames().join(', ')}, or a YAML file of your own`)
  }
  const parsed = parseImportMapping(readFileSync(file, 'utf8'))
  if (parsed.ok) return parsed.mapping
  const problems = parsed.errors.map((error) => `  ${error.path || formatPath([])}: ${error.message}`)
  throw new MappingError(`the mapping ${file} does not hold:\n${problems.join('\n')}`)
}
