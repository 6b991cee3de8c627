import { useApi } from '../api/useApi.ts'
import type { AttributionOptions, ComparisonAnswer } from '../api/types.ts'
import { Controls, Select } from '../components/Controls.tsx'
import { DefinitionSelect, LevelSelect, WindowControls } from '../components/SharedControls.tsx'
import { Empty, Pending } from '../components/States.tsx'
import { Table, type Column } from '../components/Table.tsx'
import type { Direction } from '../components/sortRows.ts'
import { formatMoney } from '../format/money.ts'
import { modelLabel } from '../format/numbers.ts'
import { usePage } from '../routing/usePage.ts'
import { apiPath } from '../routing/urlState.ts'
import { campaignKey, campaignLabel } from './campaignLabel.ts'
import { GroupedBars } from './RevenueChart.tsx'

const defaultModels = 'first_touch,last_touch,linear,w_shaped'
const CHART_ROWS = 12

/** Several models side by side per campaign or channel (the compare endpoint), as a chart and a table. */
export function CompareModels() {
  const page = usePage()
  const { params } = page
  const options = useApi<AttributionOptions>('/v1/attribution/options')
  const chosen = (params.models ?? defaultModels).split(',').filter(Boolean)
  const measure = params.measure === 'pipeline' ? 'pipeline' : 'revenue'
  const answer = useApi<ComparisonAnswer>(
    chosen.length === 0
      ? null
      : apiPath('/v1/attribution/compare', { models: chosen.join(','), level: params.level, from: params.from, to: params.to, definition: params.definition }),
  )
  // Custom weights belong to the overview, where they are typed in; every other model can be compared here.
  const available = (options.data?.models ?? []).filter((model) => model !== 'custom')
  const toggle = (model: string) => {
    const next = chosen.includes(model) ? chosen.filter((name) => name !== model) : [...chosen, model]
    page.set({ models: next.join(',') })
  }
  return (
    <>
      <Controls>
        <fieldset class="models">
          <legend>Models</legend>
          {available.map((model) => (
            <label key={model} class="check">
              <input type="checkbox" name="models" value={model} checked={chosen.includes(model)} onChange={() => toggle(model)} /> {modelLabel(model)}
            </label>
          ))}
        </fieldset>
        <Select
          name="measure"
          label="Measure"
          value={measure}
          options={[
            { value: 'revenue', label: 'Revenue' },
            { value: 'pipeline', label: 'Pipeline' },
          ]}
          onChange={(value) => page.set({ measure: value === 'revenue' ? undefined : value })}
        />
        <LevelSelect page={page} />
        <WindowControls page={page} />
        <DefinitionSelect page={page} />
      </Controls>
      {chosen.length === 0 && <p class="hint">Choose at least one model.</p>}
      {chosen.length > 0 && <Pending answer={answer} what="the comparison" />}
      {answer.data && answer.data.rows.length === 0 && <Empty>No campaign has pipeline or revenue in this window.</Empty>}
      {answer.data && answer.data.rows.length > 0 && (
        <section class={answer.state === 'ok' ? undefined : 'stale'} aria-busy={answer.state !== 'ok'} data-models={answer.data.models.join(',')}>
          <Comparison answer={answer.data} measure={measure} sort={params.sort} dir={params.dir as Direction | undefined} onSort={(sort, dir) => page.set({ sort, dir })} />
        </section>
      )}
    </>
  )
}

function Comparison(props: { answer: ComparisonAnswer; measure: 'pipeline' | 'revenue'; sort?: string; dir?: Direction; onSort(sort: string, dir: Direction): void }) {
  const { answer, measure } = props
  const { models, currency } = answer
  type Row = ComparisonAnswer['rows'][number]
  const largest = (row: Row) => Math.max(...models.map((model) => row.models[model]?.[measure] ?? 0))
  const chartRows = [...answer.rows].sort((a, b) => largest(b) - largest(a)).slice(0, CHART_ROWS)
  const bars = chartRows.flatMap((row) => models.map((model) => ({ label: campaignLabel(row), series: modelLabel(model), value: row.models[model]?.[measure] ?? 0 })))
  const columns: Column<Row>[] = [
    { key: 'name', label: 'Campaign', sortBy: campaignLabel, show: campaignLabel },
    ...models.map((model) => ({
      key: model,
      label: modelLabel(model),
      numeric: true,
      sortBy: (row: Row) => row.models[model]?.[measure] ?? 0,
      show: (row: Row) => formatMoney(row.models[model]?.[measure] ?? 0, currency),
    })),
  ]
  return (
    <>
      <h2>
        {measure === 'revenue' ? 'Revenue' : 'Pipeline'} per campaign, top {chartRows.length}
      </h2>
      <GroupedBars bars={bars} series={models.map(modelLabel)} currency={currency} label={`${measure} per campaign under each model`} />
      <h2>Every campaign, exact, in {currency}</h2>
      <Table
        columns={columns}
        rows={answer.rows}
        rowKey={campaignKey}
        sorting={{ by: props.sort ?? models[0] ?? 'name', direction: props.dir ?? 'desc', onSort: props.onSort }}
        footer={
          <tr>
            <td>Total</td>
            {models.map((model) => (
              <td key={model} class="numeric" data-total={model}>
                {formatMoney(answer.totals[model]?.[measure] ?? 0, currency)}
              </td>
            ))}
          </tr>
        }
      />
    </>
  )
}
