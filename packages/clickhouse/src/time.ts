/** ClickHouse's DateTime64(3) text form of an ISO-8601 instant, always in UTC. */
export function toClickHouseTime(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '')
}

/** An instant in epoch milliseconds, as toClickHouseTime writes it. */
export const clickHouseTimeOf = (epochMs: number): string => toClickHouseTime(new Date(epochMs).toISOString())
