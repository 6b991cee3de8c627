import type { ClickHouse } from '@attribution/clickhouse'
import { refreshCreditSums, type ModelDay } from './creditSums.ts'

/**
 * Keeps credit_days and credit_months summed for the days whose lines the projector changes. One per projector: it
 * remembers the days of an attempt that failed half-way (its lines written, its sums perhaps not) and sums them again
 * with the next attempt's, which finds those lines unchanged and so would name none of them. A projector that died
 * there does the same at its next start (resumUnfinishedDays).
 */
export class CreditSumKeeper {
  private readonly unfinished = new Map<string, ModelDay>()

  /** Sums these days again from their lines, with any an earlier attempt left unfinished, under `version`. */
  async sum(clickhouse: ClickHouse, days: readonly ModelDay[], version: number): Promise<void> {
    for (const day of days) this.unfinished.set(`${day.model} ${day.kind} ${day.day}`, day)
    await refreshCreditSums(clickhouse, [...this.unfinished.values()], version)
    this.unfinished.clear()
  }
}
