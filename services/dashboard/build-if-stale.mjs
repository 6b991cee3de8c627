// Builds the dashboard when its sources changed since the last build, so every install (scripts/bootstrap.sh, and
// this package's postinstall) leaves dist/ matching the code without rebuilding on every start. The sources'
// fingerprint is a hash of their contents, not of their times: a fresh clone or a checkout is judged by what it holds.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const stamp = path.join(here, 'dist', '.sources.sha256')

function* files(entry) {
  const full = path.join(here, entry)
  if (statSync(full).isDirectory()) {
    for (const child of readdirSync(full).sort()) yield* files(path.join(entry, child))
  } else if (!entry.endsWith('.test.ts')) yield entry
}

// An install before the sources are there (the Docker image installs from the manifests alone) has nothing to build.
if (!existsSync(path.join(here, 'index.html'))) {
  console.error('dashboard: no sources here yet; not built')
  process.exit(0)
}

const hash = createHash('sha256')
for (const entry of ['index.html', 'vite.config.ts', 'package.json', 'src/app']) {
  for (const file of files(entry)) hash.update(file).update('\0').update(readFileSync(path.join(here, file))).update('\0')
}
const fingerprint = hash.digest('hex')

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint && existsSync(path.join(here, 'dist', 'index.html'))) {
  process.exit(0)
}
const { build } = await import('vite')
await build({ configFile: path.join(here, 'vite.config.ts'), logLevel: 'warn' })
writeFileSync(stamp, fingerprint)
console.error('dashboard: built into services/dashboard/dist')
