/** ClickHouse's DateTime64(3) text form of an ISO-8601 instant, always in UTC. */
export function toClickHouseTime(iso: string): string {
  return clickHouseTimeOf(Date.parse(iso))
}

/** An instant in epoch milliseconds, as toClickHouseTime writes it. Throws a RangeError for an invalid instant. */
export const clickHouseTimeOf = (epochMs: number): string => new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '')
