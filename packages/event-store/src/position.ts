import type { GlobalPosition } from './eventStore.ts'

/** Orders positions as the global log does: by commit, then by prepare. */
export function comparePositions(a: GlobalPosition, b: GlobalPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1
  return 0
}

/** `"commit/prepare"`, the form positions take in APIs, logs and stored checkpoints. */
export function formatPosition(position: GlobalPosition): string {
  return `${position.commit}/${position.prepare}`
}

export function parsePosition(text: string): GlobalPosition {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  if (!match) throw new Error(`invalid position "${text}": expected "commit/prepare", e.g. "123/45"`)
  const [, commit = '', prepare = ''] = match
  return { commit: BigInt(commit), prepare: BigInt(prepare) }
}
