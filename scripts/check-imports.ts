/**
 * Imports point one way (DESIGN.md, docs/architecture.md): contracts <- domain <- adapters <- services. This script
 * reads every source file's imports and fails on any that points the wrong way, reaches into another package's files
 * instead of its index (or an entry its package.json exports), brings I/O into the pure layers or a package of the
 * project into the ClickHouse plumbing, or, inside the read model, points from a folder to a later one. Test support
 * (fakes, stand-ins, fixtures, contract suites) lives in a package's `testing/` folder, exported as
 * `@attribution/<package>/testing`: tests and other test support may import it, production code (any file of `src/`
 * but a `*.test.ts`) may not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
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
  dashboard: 4,
  cli: 5,
}
const pureLayers = new Set(['contracts', 'domain', 'simulation'])
/** Plumbing that knows nothing of events, projections or attribution: it imports no package of the project. */
const plumbing = new Set(['clickhouse'])
/** The web page: it reads the engine through its public HTTP API, like any client, so it imports no package of the project. */
const httpClients = new Set(['dashboard'])
const ioModules = /^(node:)?(fs|net|http|https|child_process|worker_threads)$|^(pg|kafkajs|@clickhouse\/client|chdb|fastify|@electric-sql\/pglite|@eventstore\/db-client)(\/|$)/

/**
 * The read model's folders, each one importing only the folders before it. Files at the root of src (the index, the
 * migrations folder) may import any folder; no folder imports them.
 */
const readModelFolders = ['projection', 'facts', 'answers', 'leads', 'channels', 'journeys', 'credits', 'attribution']
const readModelSource = path.resolve('packages', 'read-model', 'src')

/** The read-model folder a file is in, or undefined for a file at the root of its src or outside the read model. */
function readModelFolder(file: string): string | undefined {
  const relative = path.relative(readModelSource, file)
  if (relative.startsWith('..') || !relative.includes(path.sep)) return undefined
  return relative.split(path.sep)[0]
}

const lightEntriesOf = new Map<string, Set<string>>()

/**
 * The entries besides its index and `/testing` that a package's package.json exports: light entries for worker threads,
 * which load everything they import again and so import only what they need (docs/architecture.md, "Memory").
 */
function lightEntries(name: string): Set<string> {
  const known = lightEntriesOf.get(name)
  if (known) return known
  const manifest = ['packages', 'services'].map((root) => path.join(root, name, 'package.json')).find(existsSync)
  const exports = manifest ? (JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, string> }).exports : undefined
  const entries = new Set(Object.keys(exports ?? {}).filter((entry) => entry !== '.' && entry !== './testing').map((entry) => entry.slice(1)))
  lightEntriesOf.set(name, entries)
  return entries
}

function* sourceFiles(dir: string): Generator<string> {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) yield* sourceFiles(full)
    else if (full.endsWith('.ts') || full.endsWith('.tsx')) yield full
  }
}

const problems: string[] = []
for (const folder of readdirSync(readModelSource)) {
  if (statSync(path.join(readModelSource, folder)).isDirectory() && !readModelFolders.includes(folder)) {
    problems.push(`packages/read-model/src/${folder}: not placed in the read model's order; add it to scripts/check-imports.ts`)
  }
}
for (const root of ['packages', 'services']) {
  for (const name of readdirSync(root)) {
    const layer = layers[name]
    if (layer === undefined) {
      problems.push(`${root}/${name}: not placed in a layer; add it to scripts/check-imports.ts`)
      continue
    }
    const testing = path.resolve(root, name, 'testing') + path.sep
    for (const file of [...sourceFiles(path.join(root, name, 'src')), ...sourceFiles(path.join(root, name, 'testing'))]) {
      const forTests = file.endsWith('.test.ts') || path.resolve(file).startsWith(testing)
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const target = match[1] ?? ''
        const workspace = /^@attribution\/([^/]+)(\/.*)?$/.exec(target)
        if (workspace) {
          const [, other = '', deep] = workspace
          if (deep === '/testing') {
            if (!forTests) problems.push(`${file}: imports ${target}; test support is for tests, never for production code`)
          } else if (deep && !lightEntries(other).has(deep)) {
            problems.push(`${file}: imports ${target}; use the package's index (@attribution/${other})`)
          }
          const otherLayer = layers[other]
          if (httpClients.has(name)) {
            problems.push(`${file}: ${name} reads only the public HTTP API and imports no package of the project, but imports ${target}`)
          } else if (plumbing.has(name)) {
            problems.push(`${file}: ${name} is plumbing and imports no package of the project, but imports ${target}`)
          } else if (otherLayer === undefined || otherLayer >= layer) {
            problems.push(`${file}: ${name} (layer ${layer}) must not import ${other} (layer ${otherLayer ?? '?'})`)
          }
        } else if (target.startsWith('.')) {
          const resolved = path.resolve(path.dirname(file), target)
          if (!resolved.startsWith(path.resolve(root, name) + path.sep)) {
            problems.push(`${file}: relative import ${target} leaves its package; import the other package by name`)
          } else if (!forTests && resolved.startsWith(testing)) {
            problems.push(`${file}: imports ${target}, test support; production code must not depend on it`)
          }
          const from = readModelFolder(path.resolve(file))
          const to = readModelFolder(resolved)
          if (from !== undefined && to === undefined) {
            problems.push(`${file}: imports ${target}, at the root of the read model; its folders import only folders`)
          } else if (from !== undefined && to !== undefined && readModelFolders.indexOf(to) > readModelFolders.indexOf(from)) {
            problems.push(`${file}: read-model folder ${from} must not import folder ${to}, which comes after it`)
          }
        } else if (pureLayers.has(name) && ioModules.test(target) && !forTests) {
          problems.push(`${file}: ${name} is pure code but imports ${target}`)
        }
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`import boundaries broken:\n${problems.map((problem) => `  ${problem}`).join('\n')}`)
  console.error('The rules, and where each job lives: docs/architecture.md')
  process.exit(1)
}
console.log('import boundaries: ok')
