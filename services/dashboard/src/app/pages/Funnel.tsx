import * as Plot from '@observablehq/plot'
import { useCallback } from 'preact/hooks'
import { useApi } from '../api/useApi.ts'
import type { FunnelAnswer, FunnelNumbers } from '../api/types.ts'
import { Chart } from '../components/Chart.tsx'
import { Figures } from '../components/Figures.tsx'
import { Pending } from '../components/States.tsx'
import { Table } from '../components/Table.tsx'
import { Unconverted } from '../components/Unconverted.tsx'
import { formatCount, formatDays, formatRate } from '../format/numbers.ts'
import { usePage } from '../routing/usePage.ts'
import { DefinitionReportControls, definitionLabel, definitionReportPath } from './DefinitionReport.tsx'
import { useCurrency } from './useCurrency.ts'
import { formatMoney } from '../format/money.ts'

/** The shared funnel: persons entering each stage in the window, conversions with their speed, by first touch. */
export function Funnel() {
  const page = usePage()
  const { params } = page
  const currency = useCurrency()
  const answer = useApi<FunnelAnswer>(definitionReportPath('/v1/funnel', params))
  return (
    <>
      <DefinitionReportControls page={page} />
      <Pending answer={answer} what="the funnel" />
      {answer.data && currency && (
        <section class={answer.state === 'ok' ? undefined : 'stale'}>
          <p class="hint">Under {definitionLabel(answer.data.definition)}.</p>
          <Figures
            figures={[
              ...Object.entries(answer.data.totals.stages).map(([stage, count]) => ({ name: `stage-${stage}`, label: stage.toUpperCase(), value: formatCount(count) })),
              { name: 'wonRevenue', label: 'Won revenue', value: formatMoney(answer.data.wonRevenue.total, currency) },
              { name: 'newBusinessShare', label: 'New business share', value: formatRate(answer.data.wonRevenue.newBusinessShare) },
            ]}
          />
          <Unconverted amounts={answer.data.unconverted} reportingCurrency={currency} />
          <StageChart stages={answer.data.totals.stages} />
          <h2>Conversions</h2>
          <RateChart numbers={answer.data.totals} />
          <Conversions numbers={answer.data.totals} />
          {answer.data.groups.length > 0 && <FunnelGroups groups={answer.data.groups} />}
          <h2>Where everyone stands now</h2>
          <Table
            columns={[
              { key: 'stage', label: 'Stage', show: (row) => row[0] },
              { key: 'count', label: 'Persons', numeric: true, show: (row) => formatCount(row[1]) },
            ]}
            rows={Object.entries(answer.data.currentStages)}
            rowKey={(row) => row[0]}
          />
        </section>
      )}
    </>
  )
}

function StageChart({ stages }: { stages: Record<string, number> }) {
  const draw = useCallback(
    (width: number) => {
      const data = Object.entries(stages).map(([stage, count]) => ({ stage, count }))
      return Plot.plot({
        width,
        height: 260,
        marginLeft: 50,
        x: { domain: data.map((row) => row.stage), label: null },
        y: { grid: true, label: 'persons' },
        marks: [
          Plot.barY(data, { x: 'stage', y: 'count', fill: '#2b6cb0', title: (row: { stage: string; count: number }) => `${row.stage}: ${row.count}` }),
          Plot.text(data, { x: 'stage', y: 'count', text: (row: { count: number }) => formatCount(row.count), dy: -8 }),
          Plot.ruleY([0]),
        ],
      })
    },
    [stages],
  )
  return <Chart draw={draw} label="Persons entering each stage in the window" />
}

/** Each step's conversion rate: where the funnel leaks. */
function RateChart({ numbers }: { numbers: FunnelNumbers }) {
  const draw = useCallback(
    (width: number) => {
      const steps = numbers.conversions.map((step) => ({ step: `${step.from} → ${step.to}`, rate: step.rate ?? 0 }))
      return Plot.plot({
        width,
        height: 40 + steps.length * 30,
        marginLeft: 110,
        marginRight: 50,
        x: { domain: [0, 1], grid: true, label: 'converted', tickFormat: (rate: number) => formatRate(rate) },
        y: { domain: steps.map((row) => row.step), label: null },
        marks: [
          Plot.barX(steps, { x: 'rate', y: 'step', fill: '#2f855a' }),
          Plot.text(steps, { x: 'rate', y: 'step', text: (row: { rate: number }) => formatRate(row.rate), textAnchor: 'start', dx: 4 }),
          Plot.ruleX([0]),
        ],
      })
    },
    [numbers],
  )
  return <Chart draw={draw} label="Conversion rate of each step" />
}

function Conversions({ numbers }: { numbers: FunnelNumbers }) {
  return (
    <Table
      columns={[
        { key: 'step', label: 'Step', show: (row) => `${row.from} → ${row.to}` },
        { key: 'entered', label: 'Entered', numeric: true, show: (row) => formatCount(row.entered) },
        { key: 'converted', label: 'Converted', numeric: true, show: (row) => formatCount(row.converted) },
        { key: 'rate', label: 'Rate', numeric: true, show: (row) => formatRate(row.rate) },
        { key: 'medianDays', label: 'Median', numeric: true, show: (row) => formatDays(row.medianDays) },
        { key: 'p90Days', label: 'p90', numeric: true, show: (row) => formatDays(row.p90Days) },
      ]}
      rows={numbers.conversions}
      rowKey={(row) => `${row.from}-${row.to}`}
    />
  )
}

function FunnelGroups({ groups }: { groups: (FunnelNumbers & { key: string })[] }) {
  const stages = Object.keys(groups[0]?.stages ?? {})
  const steps = groups[0]?.conversions.map((step) => `${step.from}-${step.to}`) ?? []
  return (
    <>
      <h2>By first touch</h2>
      <Table
        columns={[
          { key: 'key', label: 'First touch', show: (row) => row.key || '(none)' },
          ...stages.map((stage) => ({ key: stage, label: stage.toUpperCase(), numeric: true, show: (row: FunnelNumbers) => formatCount(row.stages[stage] ?? 0) })),
          ...steps.map((step, index) => ({
            key: step,
            label: step.replace('-', ' → '),
            numeric: true,
            show: (row: FunnelNumbers) => formatRate(row.conversions[index]?.rate ?? null),
          })),
        ]}
        rows={groups}
        rowKey={(row) => row.key}
      />
    </>
  )
}
