/** Rates to four decimals, durations to two: what a report shows. */
export function rounded(value: number, scale = 10_000): number {
  return Math.round(value * scale) / scale
}
