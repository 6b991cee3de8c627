import { earliestTime, earliestTimeMs, latestTime, latestTimeMs } from './bounds.ts'

export const outsideBusinessTime = `must be between ${earliestTime} and ${latestTime}`

/** Business time every store downstream holds (bounds.ts): ClickHouse's DateTime64 spans the years 1900 to 2299. */
export function isBusinessTime(epochMs: number): boolean {
  return epochMs >= earliestTimeMs && epochMs <= latestTimeMs
}
