import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * The embedded event store (PGlite) takes one process per directory: a second one opening it reads and writes
 * without the first seeing, and can lose what either wrote. The engine marks the data directory as its own while it
 * runs, so that commands that open the store themselves (`attribution keys`) can refuse to.
 */
const lockFile = (dataDir: string) => path.join(dataDir, 'engine.pid')

/** Marks the directory as this process's; the function it returns takes the mark away. */
export function holdDataDir(dataDir: string): () => void {
  writeFileSync(lockFile(dataDir), `${process.pid}\n`)
  return () => rmSync(lockFile(dataDir), { force: true })
}

/** The process id of a live engine on the directory, if one runs (a mark left by a killed one is ignored). */
export function engineRunningOn(dataDir: string): number | undefined {
  let pid: number
  try {
    pid = Number(readFileSync(lockFile(dataDir), 'utf8').trim())
  } catch {
    return undefined
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined
  }
}
