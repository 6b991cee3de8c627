import { earliestTime, openWindowEnd } from '@attribution/contracts'
import { toClickHouseTime } from '@attribution/clickhouse'

/** A half-open business-time window [from, to); either end may be open. */
export interface TimeWindow {
  from?: string
  to?: string
}

// Open ends become the bounds of business time, so one SQL text serves every window.
const EARLIEST = toClickHouseTime(earliestTime)
const LATEST = toClickHouseTime(openWindowEnd)

export function windowParams(window: TimeWindow): { from: string; to: string } {
  return {
    from: window.from ? toClickHouseTime(window.from) : EARLIEST,
    to: window.to ? toClickHouseTime(window.to) : LATEST,
  }
}
