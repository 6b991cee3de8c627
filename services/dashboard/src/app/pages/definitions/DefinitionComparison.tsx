import { useApi } from '../../api/useApi.ts'
import type { DefinitionComparison as Comparison, HandoffNumbers } from '../../api/types.ts'
import { Figures } from '../../components/Figures.tsx'
import { ErrorBox, Loading } from '../../components/States.tsx'
import { Table } from '../../components/Table.tsx'
import { formatMoney } from '../../format/money.ts'
import { formatCount, formatHours, formatRate } from '../../format/numbers.ts'
import { apiPath } from '../../routing/urlState.ts'
import { useCurrency } from '../useCurrency.ts'
import { campaignKey, campaignLabel } from '../campaignLabel.ts'
import { versionName } from './documentFormat.ts'

const CHANGED_CAMPAIGNS = 20

/** A candidate version next to the active one: who becomes an MQL under one only, funnel, handoffs and credit. */
export function DefinitionComparison({ candidate, from, to }: { candidate: string; from?: string; to?: string }) {
  const currency = useCurrency()
  const answer = useApi<Comparison>(apiPath('/v1/lead-definitions/compare', { candidate, from, to }))
  if (answer.state === 'error') return <ErrorBox error={answer.error} retry={answer.reload} />
  if (!answer.data || !currency) return <Loading what="the comparison" />
  const { base, mqls, attribution } = answer.data
  const other = answer.data.candidate
  const baseName = versionName(base.definition)
  const candidateName = versionName(other.definition)
  const stages = Object.keys(base.funnel.stages)
  const handoffRows: { label: string; of: (numbers: HandoffNumbers) => string }[] = [
    { label: 'MQLs', of: (numbers) => formatCount(numbers.mqls) },
    { label: 'Acceptance rate', of: (numbers) => formatRate(numbers.acceptanceRate) },
    { label: 'Follow-up (median)', of: (numbers) => formatHours(numbers.followUpMedianHours) },
    { label: 'Never followed up', of: (numbers) => formatCount(numbers.neverFollowedUp) },
  ]
  return (
    <section class="comparison" data-comparison={candidateName}>
      <h2>
        {candidateName} compared with {baseName}
      </h2>
      <Figures
        figures={[
          { name: 'onlyBase', label: `MQL under ${baseName} only`, value: formatCount(mqls.onlyBase.count) },
          { name: 'onlyCandidate', label: `MQL under ${candidateName} only`, value: formatCount(mqls.onlyCandidate.count) },
          { name: 'both', label: 'MQL under both', value: formatCount(mqls.both) },
        ]}
      />
      <MqlSample label={`A few who become an MQL under ${candidateName} only`} ids={mqls.onlyCandidate.sample} />
      <MqlSample label={`A few who become an MQL under ${baseName} only`} ids={mqls.onlyBase.sample} />
      <div class="columns">
        <Table
          caption="Funnel: persons entering each stage"
          columns={[
            { key: 'stage', label: 'Stage', show: (stage) => stage },
            { key: 'base', label: baseName, numeric: true, show: (stage) => formatCount(base.funnel.stages[stage] ?? 0) },
            { key: 'candidate', label: candidateName, numeric: true, show: (stage) => formatCount(other.funnel.stages[stage] ?? 0) },
          ]}
          rows={stages}
          rowKey={(stage) => stage}
        />
        <Table
          caption="Handoff health"
          columns={[
            { key: 'label', label: '', show: (row) => row.label },
            { key: 'base', label: baseName, numeric: true, show: (row) => row.of(base.handoffs) },
            { key: 'candidate', label: candidateName, numeric: true, show: (row) => row.of(other.handoffs) },
          ]}
          rows={handoffRows}
          rowKey={(row) => row.label}
        />
      </div>
      <h2>Credit that moves (custom model {attribution.weights}, the MQL placed by each version)</h2>
      <Table
        columns={[
          { key: 'campaign', label: 'Campaign', show: (row) => campaignLabel(row) },
          { key: 'base', label: `Revenue, ${baseName}`, numeric: true, show: (row) => formatMoney(row.base.revenue, currency) },
          { key: 'candidate', label: `Revenue, ${candidateName}`, numeric: true, show: (row) => formatMoney(row.candidate.revenue, currency) },
          { key: 'change', label: 'Change in revenue', numeric: true, show: (row) => formatMoney(row.change.revenue, currency) },
          { key: 'pipelineChange', label: 'Change in pipeline', numeric: true, show: (row) => formatMoney(row.change.pipeline, currency) },
        ]}
        rows={attribution.rows.slice(0, CHANGED_CAMPAIGNS)}
        rowKey={campaignKey}
      />
    </section>
  )
}

/** The person ids the API samples from a difference, so a person can look a few of them up. */
function MqlSample({ label, ids }: { label: string; ids: string[] }) {
  if (ids.length === 0) return null
  return (
    <p class="hint">
      {label}: {ids.join(', ')}
    </p>
  )
}
