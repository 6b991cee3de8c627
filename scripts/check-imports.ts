/**
 * Imports point one way (DESIGN.md): contracts <- domain <- adapters <- services. This script reads every source
 * file's imports and fails on any that points the wrong way, reaches into another package's files instead of its
 * index, or brings I/O into the pure layers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const layers: Record<string, number> = {
  contracts: 0,
  domain: 1,
  simulation: 1,
  clickhouse: 2,
  config: 2,
  'event-store': 2,
  bus: 2,
  'read-model': 3,
  projector: 4,
  ingestor: 4,
  api: 4,
  cli: 5,
}
const pureLayers = new Set(['contracts', 'domain', 'simulation'])
const ioModules = /^(node:)?(fs|net|http|https|child_process|worker_threads)$|^(pg|kafkajs|@clickhouse\/client|chdb|fastify|@electric-sql\/pglite|@eventstore\/db-client)(\/|$)/

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) yield* sourceFiles(full)
    else if (full.endsWith('.ts')) yield full
  }
}

const problems: string[] = []
for (const root of ['packages', 'services']) {
  for (const name of readdirSync(root)) {
    const layer = layers[name]
    if (layer === undefined) {
      problems.push(`${root}/${name}: not placed in a layer; add it to scripts/check-imports.ts`)
      continue
    }
    for (const file of sourceFiles(path.join(root, name, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const target = match[1] ?? ''
        const workspace = /^@attribution\/([^/]+)(\/.*)?$/.exec(target)
        if (workspace) {
          const [, other = '', deep] = workspace
          if (deep) problems.push(`${file}: imports ${target}; use the package's index (@attribution/${other})`)
          const otherLayer = layers[other]
          if (otherLayer === undefined || otherLayer >= layer) {
            problems.push(`${file}: ${name} (layer ${layer}) must not import ${other} (layer ${otherLayer ?? '?'})`)
          }
        } else if (target.startsWith('.')) {
          const resolved = path.resolve(path.dirname(file), target)
          if (!resolved.startsWith(path.resolve(root, name) + path.sep)) {
            problems.push(`${file}: relative import ${target} leaves its package; import the other package by name`)
          }
        } else if (pureLayers.has(name) && ioModules.test(target) && !file.endsWith('.test.ts')) {
          problems.push(`${file}: ${name} is pure code but imports ${target}`)
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`import boundaries broken:\n${problems.map((problem) => `  ${problem}`).join('\n')}`)
  process.exit(1)
}
console.log('import boundaries: ok')
