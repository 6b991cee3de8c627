import * as Plot from '@observablehq/plot'
import { useCallback } from 'preact/hooks'
import { useApi } from '../api/useApi.ts'
import type { HandoffNumbers, HandoffsAnswer } from '../api/types.ts'
import { Chart } from '../components/Chart.tsx'
import { Figures } from '../components/Figures.tsx'
import { Pending } from '../components/States.tsx'
import { Table, type Column } from '../components/Table.tsx'
import type { Direction } from '../components/sortRows.ts'
import { formatCount, formatHours, formatRate } from '../format/numbers.ts'
import { usePage } from '../routing/usePage.ts'
import { DefinitionReportControls, definitionLabel, definitionReportPath } from './DefinitionReport.tsx'

/** The handoff from marketing to sales: acceptance, rejection reasons, follow-up time and SLA, per owner. */
export function Handoffs() {
  const page = usePage()
  const { params } = page
  const answer = useApi<HandoffsAnswer>(definitionReportPath('/v1/handoffs', params))
  const data = answer.data
  return (
    <>
      <DefinitionReportControls page={page} />
      <Pending answer={answer} what="handoff health" />
      {data && (
        <section class={answer.state === 'ok' ? undefined : 'stale'}>
          <p class="hint">
            Under {definitionLabel(data.definition)}; follow-up SLA {data.slaHours === null ? 'none' : `${data.slaHours} h`}.
          </p>
          <Figures
            figures={[
              { name: 'mqls', label: 'MQLs', value: formatCount(data.totals.mqls) },
              { name: 'acceptanceRate', label: 'Acceptance rate', value: formatRate(data.totals.acceptanceRate), hint: `${formatCount(data.totals.accepted)} accepted, ${formatCount(data.totals.rejected)} rejected` },
              { name: 'followUpMedianHours', label: 'Time to first follow-up', value: formatHours(data.totals.followUpMedianHours), hint: `median; p90 ${formatHours(data.totals.followUpP90Hours)}` },
              { name: 'neverFollowedUp', label: 'Never followed up', value: formatCount(data.totals.neverFollowedUp) },
              { name: 'overdue', label: 'Past the SLA', value: formatCount(data.totals.overdue), hint: 'never followed up, SLA passed' },
            ]}
          />
          {data.rejectionReasons.length > 0 && <RejectionChart reasons={data.rejectionReasons} />}
          <h2>Rejection reasons</h2>
          <Table
            columns={[
              { key: 'reason', label: 'Reason', show: (row) => row.reason || '(none given)' },
              { key: 'count', label: 'Rejections', numeric: true, show: (row) => formatCount(row.count) },
              { key: 'share', label: 'Share', numeric: true, show: (row) => formatRate(row.share) },
            ]}
            rows={data.rejectionReasons}
            rowKey={(row) => row.reason}
          />
          <h2>Per owner</h2>
          <Table
            columns={handoffColumns<HandoffNumbers & { ownerId: string }>('Owner', (row) => row.ownerId || '(nobody took it)')}
            rows={data.owners}
            rowKey={(row) => row.ownerId}
            sorting={{
              by: params.sort ?? 'mqls',
              direction: (params.dir as Direction | undefined) ?? 'desc',
              onSort: (sort, dir) => page.set({ sort, dir }),
            }}
          />
          {data.groups.length > 0 && (
            <>
              <h2>By first touch</h2>
              <Table columns={handoffColumns<HandoffNumbers & { key: string }>('First touch', (row) => row.key || '(none)')} rows={data.groups} rowKey={(row) => row.key} />
            </>
          )}
        </section>
      )}
    </>
  )
}

function handoffColumns<T extends HandoffNumbers>(label: string, name: (row: T) => string): Column<T>[] {
  return [
    { key: 'name', label, sortBy: name, show: name },
    { key: 'mqls', label: 'MQLs', numeric: true, sortBy: (row) => row.mqls, show: (row) => formatCount(row.mqls) },
    { key: 'accepted', label: 'Accepted', numeric: true, sortBy: (row) => row.accepted, show: (row) => formatCount(row.accepted) },
    { key: 'rejected', label: 'Rejected', numeric: true, sortBy: (row) => row.rejected, show: (row) => formatCount(row.rejected) },
    { key: 'acceptanceRate', label: 'Acceptance', numeric: true, sortBy: (row) => row.acceptanceRate, show: (row) => formatRate(row.acceptanceRate) },
    { key: 'followUpMedianHours', label: 'Follow-up (median)', numeric: true, sortBy: (row) => row.followUpMedianHours, show: (row) => formatHours(row.followUpMedianHours) },
    { key: 'neverFollowedUp', label: 'Never followed up', numeric: true, sortBy: (row) => row.neverFollowedUp, show: (row) => formatCount(row.neverFollowedUp) },
    { key: 'overdue', label: 'Past SLA', numeric: true, sortBy: (row) => row.overdue, show: (row) => formatCount(row.overdue) },
  ]
}

function RejectionChart({ reasons }: { reasons: HandoffsAnswer['rejectionReasons'] }) {
  const draw = useCallback(
    (width: number) =>
      Plot.plot({
        width,
        height: 40 + reasons.length * 28,
        marginLeft: Math.min(180, Math.round(width * 0.4)),
        x: { grid: true, label: 'rejections', tickFormat: (count: number) => (Number.isInteger(count) ? String(count) : '') },
        y: { label: null, domain: reasons.map((row) => row.reason || '(none given)') },
        marks: [
          Plot.barX(reasons, { x: 'count', y: (row: { reason: string }) => row.reason || '(none given)', fill: '#c05621' }),
          Plot.ruleX([0]),
        ],
      }),
    [reasons],
  )
  return <Chart draw={draw} label="Rejections by reason" />
}
