import type { UnconvertedAmount } from '../api/types.ts'
import { formatMoney } from '../format/money.ts'
import { formatCount, formatDate } from '../format/numbers.ts'
import { Table } from './Table.tsx'

const measureLabel: Record<UnconvertedAmount['measure'], string> = { pipeline: 'Pipeline', revenue: 'Revenue', cost: 'Cost' }

/**
 * Amounts in another currency that no exchange rate converts yet: the figures above leave them out (they are never
 * summed at par), so they are shown here, in their own currency, until a rate arrives. Nothing when there are none.
 */
export function Unconverted({ amounts, reportingCurrency }: { amounts: readonly UnconvertedAmount[]; reportingCurrency: string }) {
  if (amounts.length === 0) return null
  return (
    <section class="unconverted" data-unconverted={amounts.length}>
      <h2>Waiting for an exchange rate</h2>
      <p class="hint">
        Not counted in the figures above: no rate to {reportingCurrency} is recorded for these amounts yet. Record one with an{' '}
        <code>exchange_rate.recorded</code> event from the date shown and they are converted.
      </p>
      <Table
        columns={[
          { key: 'measure', label: 'Counts as', show: (row: UnconvertedAmount) => measureLabel[row.measure] },
          { key: 'currency', label: 'Currency', show: (row) => row.currency },
          { key: 'amount', label: 'Amount', numeric: true, show: (row) => formatMoney(row.amount, row.currency) },
          { key: 'count', label: 'Deals or costs', numeric: true, show: (row) => formatCount(row.count) },
          { key: 'earliestAt', label: 'No rate since', show: (row) => formatDate(row.earliestAt) },
        ]}
        rows={[...amounts]}
        rowKey={(row) => `${row.measure} ${row.currency}`}
      />
    </section>
  )
}
