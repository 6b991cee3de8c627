import { useEffect } from 'preact/hooks'
import { useApi } from '../api/useApi.ts'
import type { StatusAnswer } from '../api/types.ts'
import { Figures } from '../components/Figures.tsx'
import { ErrorBox, Loading } from '../components/States.tsx'
import { Table } from '../components/Table.tsx'
import { formatCount } from '../format/numbers.ts'

const REFRESH_MS = 2_000

/** Whether what was sent is already counted: the event store's head and each projection's lag, refreshed. */
export function Status() {
  const status = useApi<StatusAnswer>('/v1/status')
  const { reload } = status
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS)
    return () => clearInterval(timer)
  }, [reload])
  if (status.state === 'error') return <ErrorBox error={status.error} retry={reload} />
  if (!status.data) return <Loading what="the engine's status" />
  const { eventStore, projections } = status.data
  const lag = Math.max(0, ...projections.map((projection) => projection.lag))
  const quarantined = projections.reduce((sum, projection) => sum + projection.quarantined, 0)
  return (
    <section>
      <p class={lag === 0 ? 'verdict ok' : 'verdict busy'} data-verdict={lag === 0 ? 'current' : 'catching-up'}>
        {lag === 0
          ? 'Every stored event is counted: what you sent shows in every report.'
          : `${formatCount(lag)} stored events are not counted yet; reports will include them shortly.`}
      </p>
      <Figures
        figures={[
          { name: 'events', label: 'Events stored', value: formatCount(eventStore.events) },
          { name: 'head', label: 'Event store head', value: eventStore.head ?? 'empty' },
          { name: 'lag', label: 'Projection lag', value: formatCount(lag), hint: 'events stored but not yet counted' },
          { name: 'quarantined', label: 'Set aside', value: formatCount(quarantined), hint: 'events the projector could not apply (GET /v1/quarantine)' },
        ]}
      />
      <Table
        columns={[
          { key: 'name', label: 'Projection', show: (row) => row.name },
          { key: 'position', label: 'Position', show: (row) => row.position ?? '—' },
          { key: 'eventsProcessed', label: 'Events applied', numeric: true, show: (row) => formatCount(row.eventsProcessed) },
          { key: 'lag', label: 'Lag', numeric: true, show: (row) => formatCount(row.lag) },
          { key: 'quarantined', label: 'Set aside', numeric: true, show: (row) => formatCount(row.quarantined) },
        ]}
        rows={projections}
        rowKey={(row) => row.name}
      />
      <p class="hint">Refreshed every {REFRESH_MS / 1000} seconds.</p>
    </section>
  )
}
