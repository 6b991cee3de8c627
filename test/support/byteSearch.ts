import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * The files under `roots` whose bytes hold any of `needles` (as UTF-8), each with the needles found: the search an
 * erasure must pass, over everything a store keeps on disk (tables, old parts, write-ahead logs, metadata).
 */
export function filesHolding(roots: readonly string[], needles: readonly string[]): { file: string; needles: string[] }[] {
  const patterns = needles.map((needle) => [needle, Buffer.from(needle, 'utf8')] as const)
  const found: { file: string; needles: string[] }[] = []
  const visit = (entry: string) => {
    let stats
    try {
      stats = statSync(entry)
    } catch {
      return // removed while we looked (a merge, a recycled WAL segment)
    }
    if (stats.isDirectory()) {
      for (const child of readdirSync(entry)) visit(path.join(entry, child))
      return
    }
    if (!stats.isFile()) return
    let bytes: Buffer
    try {
      bytes = readFileSync(entry)
    } catch {
      return
    }
    const held = patterns.filter(([, pattern]) => bytes.includes(pattern)).map(([needle]) => needle)
    if (held.length > 0) found.push({ file: entry, needles: held })
  }
  for (const root of roots) visit(root)
  return found
}
