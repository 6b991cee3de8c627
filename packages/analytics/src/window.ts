import { toClickHouseTime } from './rows.ts'

/** A half-open business-time window [from, to); either end may be open. */
export interface TimeWindow {
  from?: string
  to?: string
}

// DateTime64(3) covers 1900..2299; open ends become its bounds so one SQL text serves every window.
const EARLIEST = '1900-01-01 00:00:00.000'
const LATEST = '2299-12-31 00:00:00.000'

export function windowParams(window: TimeWindow): { from: string; to: string } {
  return {
    from: window.from ? toClickHouseTime(window.from) : EARLIEST,
    to: window.to ? toClickHouseTime(window.to) : LATEST,
  }
}
