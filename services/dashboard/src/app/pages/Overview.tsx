import { useApi } from '../api/useApi.ts'
import type { AttributionOptions, CampaignRow, RevenueAnswer, SavedModel } from '../api/types.ts'
import { Controls, Select, TextInput } from '../components/Controls.tsx'
import { Figures } from '../components/Figures.tsx'
import { Unconverted } from '../components/Unconverted.tsx'
import { DefinitionSelect, LevelSelect, WindowControls } from '../components/SharedControls.tsx'
import { Empty, Pending } from '../components/States.tsx'
import { Table, type Column } from '../components/Table.tsx'
import type { Direction } from '../components/sortRows.ts'
import { formatMoney } from '../format/money.ts'
import { formatCount, formatRoas, formatRoi, modelLabel } from '../format/numbers.ts'
import { usePage, type PageState } from '../routing/usePage.ts'
import { apiPath } from '../routing/urlState.ts'
import { campaignKey, campaignLabel } from './campaignLabel.ts'
import { modelParams, savedModelValue, selectedModel } from './modelChoice.ts'
import { GroupedBars } from './RevenueChart.tsx'

const CHART_ROWS = 15

/** Revenue by campaign: every choice of the API's question in the URL, the totals, a chart and the exact table. */
export function Overview() {
  const page = usePage()
  const { params } = page
  const answer = useApi<RevenueAnswer>(
    apiPath('/v1/revenue-by-campaign', {
      model: params.model ?? 'w_shaped',
      weights: params.model === 'custom' ? params.weights : undefined,
      customModel: params.model === 'custom' ? params.customModel : undefined,
      training: params.training,
      level: params.level,
      mapping: params.mapping,
      roles: (params.mapping ?? 'contacts') === 'contacts' ? params.roles : undefined,
      from: params.from,
      to: params.to,
      definition: params.definition,
    }),
  )
  return (
    <>
      <OverviewControls page={page} />
      <Pending answer={answer} what="revenue by campaign" />
      {answer.data && <OverviewFigures answer={answer.data} page={page} stale={answer.state !== 'ok'} />}
    </>
  )
}

function OverviewControls({ page }: { page: PageState }) {
  const { params } = page
  const options = useApi<AttributionOptions>('/v1/attribution/options')
  const saved = useApi<{ models: SavedModel[] }>('/v1/attribution/models')
  const models = options.data?.models ?? ['w_shaped']
  const modelOptions = [
    ...models.map((model) => ({ value: model, label: modelLabel(model) })),
    ...(saved.data?.models ?? []).map((model) => ({ value: savedModelValue(model.name), label: `Saved: ${model.name}` })),
  ]
  const model = selectedModel(params)
  if (!modelOptions.some((option) => option.value === model)) modelOptions.push({ value: model, label: model })
  return (
    <Controls>
      <Select name="model" label="Model" value={model} options={modelOptions} onChange={(value) => page.set(modelParams(value, params.weights))} />
      {model === 'custom' && (
        <TextInput
          name="weights"
          label="Weights (% per position)"
          value={params.weights ?? ''}
          placeholder="ft:30,lc:30,oc:30,middle:10"
          onChange={(weights) => page.set({ weights })}
        />
      )}
      {(model === 'markov' || model === 'shapley') && (
        <Select
          name="training"
          label="Learnt from"
          value={params.training ?? 'history'}
          options={[
            { value: 'history', label: 'All of history' },
            { value: 'window', label: 'The window' },
          ]}
          onChange={(training) => page.set({ training: training === 'history' ? undefined : training })}
        />
      )}
      <WindowControls page={page} />
      <LevelSelect page={page} />
      <Select
        name="mapping"
        label="Journeys of"
        value={params.mapping ?? 'contacts'}
        options={[
          { value: 'contacts', label: "The deal's contacts" },
          { value: 'primary_contact', label: 'The primary contact' },
          { value: 'account', label: 'The whole account' },
        ]}
        onChange={(mapping) => page.set({ mapping: mapping === 'contacts' ? undefined : mapping, ...(mapping === 'contacts' ? {} : { roles: undefined }) })}
      />
      {(params.mapping ?? 'contacts') === 'contacts' && (
        <TextInput
          name="roles"
          label="Only contacts in roles"
          value={params.roles ?? ''}
          placeholder="Economic Buyer,Decision Maker"
          onChange={(roles) => page.set({ roles: roles.trim() === '' ? undefined : roles })}
        />
      )}
      <DefinitionSelect page={page} />
    </Controls>
  )
}

function OverviewFigures({ answer, page, stale }: { answer: RevenueAnswer; page: PageState; stale: boolean }) {
  const { currency, totals, unattributed } = answer
  const money = (amount: number | null) => formatMoney(amount, currency)
  const levelName = answer.level === 'channel' ? 'Channel' : 'Campaign'
  const columns: Column<CampaignRow>[] = [
    { key: 'name', label: levelName, sortBy: campaignLabel, show: (row) => campaignLabel(row) },
    ...(answer.level === 'channel' ? [] : [{ key: 'channel', label: 'Channel', sortBy: (row: CampaignRow) => row.channel ?? '', show: (row: CampaignRow) => row.channel ?? '—' }]),
    { key: 'pipeline', label: 'Pipeline', numeric: true, sortBy: (row) => row.pipeline, show: (row) => money(row.pipeline) },
    { key: 'revenue', label: 'Revenue', numeric: true, sortBy: (row) => row.revenue, show: (row) => money(row.revenue) },
    { key: 'dealsWon', label: 'Deals won', numeric: true, sortBy: (row) => row.dealsWon, show: (row) => formatCount(row.dealsWon) },
    { key: 'cost', label: 'Cost', numeric: true, sortBy: (row) => row.cost, show: (row) => money(row.cost) },
    { key: 'roi', label: 'ROI', numeric: true, sortBy: (row) => row.roi, show: (row) => formatRoi(row.roi) },
    { key: 'roas', label: 'ROAS', numeric: true, sortBy: (row) => row.roas, show: (row) => formatRoas(row.roas) },
    { key: 'mqls', label: 'MQLs', numeric: true, sortBy: (row) => row.mqls, show: (row) => formatCount(row.mqls) },
    { key: 'costPerMql', label: 'Cost per MQL', numeric: true, sortBy: (row) => row.costPerMql, show: (row) => money(row.costPerMql) },
  ]
  const chartRows = [...answer.rows].sort((a, b) => b.revenue - a.revenue || b.pipeline - a.pipeline).slice(0, CHART_ROWS)
  const bars = chartRows.flatMap((row) => [
    { label: campaignLabel(row), series: 'pipeline', value: row.pipeline },
    { label: campaignLabel(row), series: 'revenue', value: row.revenue },
  ])
  const definition = answer.definition ? `${answer.definition.definitionId}@${answer.definition.version}` : 'none active'
  return (
    <section class={stale ? 'stale' : undefined} aria-busy={stale} data-model={answer.model}>
      <Figures
        figures={[
          { name: 'pipeline', label: 'Pipeline', value: money(totals.pipeline), hint: `${formatCount(totals.dealsCreated)} deals created` },
          { name: 'revenue', label: 'Revenue', value: money(totals.revenue), hint: `${formatCount(totals.dealsWon)} deals won` },
          { name: 'cost', label: 'Cost', value: money(totals.cost) },
          { name: 'roi', label: 'ROI', value: formatRoi(totals.roi) },
          { name: 'roas', label: 'ROAS', value: formatRoas(totals.roas) },
          { name: 'mqls', label: 'MQLs', value: formatCount(totals.mqls), hint: `definition ${definition}` },
          { name: 'costPerMql', label: 'Cost per MQL', value: money(totals.costPerMql) },
          {
            name: 'unattributed',
            label: 'Unattributed',
            value: money(unattributed.revenue),
            hint: `revenue; ${money(unattributed.pipeline)} pipeline with no touch in its journey`,
          },
          ...(answer.dealsWithoutPrimaryContact === null
            ? []
            : [
                {
                  name: 'withoutPrimaryContact',
                  label: 'No primary contact',
                  value: formatCount(answer.dealsWithoutPrimaryContact),
                  hint: "deals credited over all their contacts' touches instead",
                },
              ]),
        ]}
      />
      <Unconverted amounts={answer.unconverted} reportingCurrency={currency} />
      {answer.rows.length === 0 ? (
        <Empty>No {levelName.toLowerCase()} has pipeline, revenue or cost in this window under these choices.</Empty>
      ) : (
        <>
          <h2>
            Pipeline and revenue per {levelName.toLowerCase()} under {modelLabel(answer.model)}
            {chartRows.length < answer.rows.length ? ` (top ${chartRows.length} by revenue)` : ''}
          </h2>
          <GroupedBars bars={bars} series={['pipeline', 'revenue']} currency={currency} label={`Pipeline and revenue per ${levelName.toLowerCase()}`} />
          <h2>Every {levelName.toLowerCase()}, exact, in {currency}</h2>
          <Table
            columns={columns}
            rows={answer.rows}
            rowKey={campaignKey}
            sorting={{
              by: page.params.sort ?? 'revenue',
              direction: (page.params.dir as Direction | undefined) ?? 'desc',
              onSort: (sort, dir) => page.set({ sort, dir }),
            }}
          />
        </>
      )}
    </section>
  )
}
