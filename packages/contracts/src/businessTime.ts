import { earliestTimeMs, latestTimeMs } from './bounds.ts'

export const outsideBusinessTime = 'must be between the years 1900 and 2299 (UTC)'

/** Business time every store downstream holds: ClickHouse's DateTime64 spans the years 1900 to 2299 (UTC). */
export function isBusinessTime(epochMs: number): boolean {
  return epochMs >= earliestTimeMs && epochMs <= latestTimeMs
}
