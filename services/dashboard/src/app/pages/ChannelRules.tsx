import { useState } from 'preact/hooks'
import { post } from '../api/send.ts'
import type { ChannelRulesAnswer, ChannelRulesComparisonAnswer, StoredChannelRules } from '../api/types.ts'
import { useApi } from '../api/useApi.ts'
import { ErrorBox, Loading } from '../components/States.tsx'
import { Table } from '../components/Table.tsx'
import { formatMoney } from '../format/money.ts'
import { formatCount, formatDateTime } from '../format/numbers.ts'
import { apiPath } from '../routing/urlState.ts'
import { usePage } from '../routing/usePage.ts'
import { ActivateButton } from './definitions/ActivateButton.tsx'
import { ReplayProgress } from './definitions/ReplayProgress.tsx'
import { useCurrency } from './useCurrency.ts'

const nameOf = (rules: { rulesId: string; version: number }) => `${rules.rulesId}@${rules.version}`

/**
 * Channel rules (docs/channel-rules.md): the versions and the active one, replay, what moves against the active rules,
 * activate. Publishing is `attribution replay --channel-rules FILE` or POST /v1/channel-rules. The replay followed
 * and the candidate compared are in the URL.
 */
export function ChannelRules() {
  const page = usePage()
  const listed = useApi<ChannelRulesAnswer>('/v1/channel-rules')
  const [failure, setFailure] = useState<Error | undefined>()
  const replay = async (rules: StoredChannelRules) => {
    setFailure(undefined)
    try {
      const { jobId } = await post<{ jobId: string }>(`/v1/channel-rules/${encodeURIComponent(rules.rulesId)}/replay?version=${rules.version}`)
      page.set({ job: jobId })
    } catch (error) {
      setFailure(error as Error)
    }
  }
  const { params } = page
  return (
    <>
      {listed.state === 'error' && <ErrorBox error={listed.error} retry={listed.reload} />}
      {!listed.data && listed.state === 'loading' && <Loading what="the channel rules" />}
      {listed.data && (
        <>
          <p class="hint" data-active={nameOf(listed.data.active)}>
            Touches that do not state their channel and campaign are classified under {nameOf(listed.data.active)}
            {listed.data.active.rulesId === 'default' ? ' (the shipped rules)' : ''}. Publish a version with{' '}
            <code>attribution replay --channel-rules FILE.yaml</code>.
          </p>
          <Table
            columns={[
              { key: 'version', label: 'Version', show: (row) => nameOf(row) },
              { key: 'publishedAt', label: 'Published', show: (row) => formatDateTime(row.publishedAt) },
              { key: 'state', label: 'State', show: (row) => (row.active ? 'active' : row.replayed ? 'replayed' : 'published') },
              {
                key: 'actions',
                label: '',
                show: (row) => (
                  <span class="actions">
                    {!row.replayed && (
                      <button type="button" data-action="replay" onClick={() => replay(row)}>
                        Replay
                      </button>
                    )}
                    {row.replayed && !row.active && (
                      <>
                        <button type="button" class="secondary" data-action="compare" onClick={() => page.set({ candidate: nameOf(row) })}>
                          Compare
                        </button>{' '}
                        <ActivateButton
                          definitionId={row.rulesId}
                          version={row.version}
                          onActivated={listed.reload}
                          collection="/v1/channel-rules"
                          what="the rules every touch is classified under"
                        />
                      </>
                    )}
                  </span>
                ),
              },
            ]}
            rows={listed.data.rules}
            rowKey={nameOf}
          />
        </>
      )}
      {failure && <ErrorBox error={failure} />}
      {params.job && <ReplayProgress jobId={params.job} onFinished={listed.reload} />}
      {params.candidate && <RulesComparison candidate={params.candidate} from={params.from} to={params.to} />}
    </>
  )
}

/** What moves from the active rules to a candidate: touches, and the linear model's credit with them. */
function RulesComparison({ candidate, from, to }: { candidate: string; from?: string; to?: string }) {
  const compared = useApi<ChannelRulesComparisonAnswer>(apiPath('/v1/channel-rules/compare', { candidate, from, to }))
  const currency = useCurrency()
  if (compared.state === 'error') return <ErrorBox error={compared.error} retry={compared.reload} />
  if (!compared.data || !currency) return <Loading what="the comparison" />
  const { touches, models, base } = compared.data
  const linear = models.linear ?? { pipelineMoved: 0, revenueMoved: 0, moves: [] }
  const place = (placement: { channel: string; campaignId: string }) => `${placement.channel} / ${placement.campaignId}`
  return (
    <section data-comparison={candidate}>
      <h2>
        {nameOf(base)} → {candidate}
      </h2>
      <p>
        {formatCount(touches.moved)} of {formatCount(touches.derived)} derived touches change channel or campaign. Under the linear model{' '}
        {formatMoney(linear.revenueMoved, currency)} of revenue and {formatMoney(linear.pipelineMoved, currency)} of pipeline move; totals stay
        the same under any rules.
      </p>
      <Table
        caption="Credit that moves (linear)"
        columns={[
          { key: 'from', label: 'From', show: (row) => place(row.from) },
          { key: 'to', label: 'To', show: (row) => place(row.to) },
          { key: 'pipeline', label: 'Pipeline', numeric: true, show: (row) => formatMoney(row.pipeline, currency) },
          { key: 'revenue', label: 'Revenue', numeric: true, show: (row) => formatMoney(row.revenue, currency) },
        ]}
        rows={linear.moves}
        rowKey={(row) => `${place(row.from)}>${place(row.to)}`}
      />
    </section>
  )
}
