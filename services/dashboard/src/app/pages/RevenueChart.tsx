import * as Plot from '@observablehq/plot'
import { useCallback } from 'preact/hooks'
import { Chart } from '../components/Chart.tsx'
import { formatCompactMoney, formatMoney } from '../format/money.ts'

export interface Bar {
  label: string
  series: string
  value: number
}

const truncate = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text)

/**
 * Horizontal bars, grouped per label (a campaign or channel), one bar per series (pipeline and revenue, or one per
 * model): names of campaigns are long, and read best down the left side.
 */
export function GroupedBars({ bars, series, currency, label }: { bars: Bar[]; series: string[]; currency: string; label: string }) {
  const draw = useCallback(
    (width: number) => {
      const labels = [...new Set(bars.map((bar) => bar.label))]
      return Plot.plot({
        width,
        height: 30 + labels.length * (12 * series.length + 10),
        marginLeft: Math.min(200, Math.round(width * 0.38)),
        marginRight: 16,
        x: { grid: true, label: null, tickFormat: (value: number) => formatCompactMoney(value, currency), ticks: Math.max(2, Math.floor(width / 110)) },
        y: { axis: null, domain: series },
        fy: { domain: labels, label: null, tickFormat: (text: string) => truncate(text, Math.max(12, Math.round(width / 28))) },
        color: { domain: series, scheme: 'tableau10', legend: true },
        marks: [
          Plot.barX(bars, {
            x: 'value',
            y: 'series',
            fy: 'label',
            fill: 'series',
            title: (bar: Bar) => `${bar.label}\n${bar.series}: ${formatMoney(bar.value, currency)}`,
          }),
          Plot.ruleX([0]),
        ],
      })
    },
    [bars, series, currency],
  )
  return <Chart draw={draw} label={label} />
}
