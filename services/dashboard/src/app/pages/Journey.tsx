import { useApi } from '../api/useApi.ts'
import type { AttributionOptions, DealsAnswer, JourneyAnswer, JourneyTouch } from '../api/types.ts'
import { Controls, Select } from '../components/Controls.tsx'
import { Figures } from '../components/Figures.tsx'
import { DefinitionSelect, LevelSelect, WindowControls } from '../components/SharedControls.tsx'
import { Empty, ErrorBox, Loading, Pending } from '../components/States.tsx'
import { Table } from '../components/Table.tsx'
import { formatCents, formatMoney, sumCents, centsOf } from '../format/money.ts'
import { formatCount, formatDate, formatRate, modelLabel } from '../format/numbers.ts'
import { usePage, type PageState } from '../routing/usePage.ts'
import { apiPath } from '../routing/urlState.ts'
import { JourneyTimeline } from './JourneyTimeline.tsx'
import { useCurrency } from './useCurrency.ts'

/** markov and shapley weigh a journey's channels or its campaigns, as the level says. */
const dataDriven = (model: string | undefined) => model === 'markov' || model === 'shapley'

/** One deal's journey under a chosen model: how a figure of the overview is made, deal by deal. */
export function Journey() {
  const page = usePage()
  const { params } = page
  const options = useApi<AttributionOptions>('/v1/attribution/options')
  const deals = useApi<DealsAnswer>(apiPath('/v1/deals', { from: params.from, to: params.to, order: params.order, limit: 50 }))
  const models = options.data?.journeyModels ?? ['w_shaped']
  const listed = deals.data
  return (
    <>
      <Controls>
        <Select
          name="model"
          label="Model"
          value={params.model ?? 'w_shaped'}
          options={models.map((model) => ({ value: model, label: modelLabel(model) }))}
          onChange={(model) => page.set({ model })}
        />
        {dataDriven(params.model) && <LevelSelect page={page} />}
        <WindowControls page={page} />
        <Select
          name="order"
          label="Deals"
          value={params.order ?? 'amount'}
          options={[
            { value: 'amount', label: 'Largest first' },
            { value: 'createdAt', label: 'Newest first' },
          ]}
          onChange={(order) => page.set({ order: order === 'amount' ? undefined : order })}
        />
        <DefinitionSelect page={page} label="Definition (places the MQL)" />
      </Controls>
      {params.deal ? <DealJourney page={page} dealId={params.deal} /> : <p class="hint">Pick a deal to see its journey.</p>}
      <h2>Deals created {params.from || params.to ? 'in the window' : 'so far'}</h2>
      <Pending answer={deals} what="the deals" />
      {listed && listed.deals.length === 0 && <Empty>No deal was created in this window.</Empty>}
      {listed && listed.deals.length > 0 && (
        <>
          <Table
            columns={[
              {
                key: 'dealId',
                label: 'Deal',
                show: (deal) => (
                  <button type="button" class="secondary" data-deal={deal.dealId} onClick={() => page.set({ deal: deal.dealId })}>
                    {deal.dealId}
                  </button>
                ),
              },
              { key: 'accountId', label: 'Account', show: (deal) => deal.accountId },
              { key: 'amount', label: 'Amount', numeric: true, show: (deal) => formatMoney(deal.amount, listed.currency) },
              {
                key: 'original',
                label: 'Booked in',
                numeric: true,
                show: (deal) => (deal.currency === listed.currency ? '' : formatMoney(deal.originalAmount, deal.currency)),
              },
              { key: 'createdAt', label: 'Created', show: (deal) => formatDate(deal.createdAt) },
              { key: 'outcome', label: 'Outcome', show: (deal) => (deal.outcome === 'won' ? `won ${formatDate(deal.wonAt)}` : deal.outcome) },
            ]}
            rows={listed.deals}
            rowKey={(deal) => deal.dealId}
          />
          <p class="hint">
            {formatCount(listed.deals.length)} of {formatCount(listed.total)} deals shown.
          </p>
        </>
      )}
    </>
  )
}

function DealJourney({ page, dealId }: { page: PageState; dealId: string }) {
  const { params } = page
  const currency = useCurrency()
  const journey = useApi<JourneyAnswer>(
    apiPath(`/v1/deals/${encodeURIComponent(dealId)}/journey`, {
      model: params.model,
      level: dataDriven(params.model) ? params.level : undefined,
      definition: params.definition,
    }),
  )
  if (journey.state === 'error') return <ErrorBox error={journey.error} retry={journey.reload} />
  if (!journey.data || !currency) return <Loading what={`the journey of ${dealId}`} />
  const answer = journey.data
  const money = (amount: number | null) => formatMoney(amount, currency)
  // Summed in cents, as the engine allocates them: the credits add up to the deal amount exactly, or this says not.
  const pipelineCents = sumCents(answer.touches.map((touch) => touch.pipeline))
  const revenueCents = sumCents(answer.touches.map((touch) => touch.revenue))
  const reconciles = answer.touches.length === 0 || (answer.amount !== null && pipelineCents === centsOf(answer.amount))
  // A deal booked in another currency: what it was booked at, and the rates that converted it.
  const booked = answer.currency === currency ? [] : [bookedFigure(answer)]
  return (
    <section class={journey.state === 'ok' ? undefined : 'stale'} data-journey={answer.dealId} data-model={answer.model}>
      <h2>
        Deal {answer.dealId} under {modelLabel(answer.model)}
      </h2>
      <Figures
        figures={[
          {
            name: 'amount',
            label: 'Deal amount',
            value: answer.amount === null ? 'no rate yet' : money(answer.amount),
            hint: `created ${formatDate(answer.createdAt)}`,
          },
          { name: 'wonAmount', label: 'Won', value: money(answer.wonAmount), hint: answer.wonAt ? `on ${formatDate(answer.wonAt)}` : 'not won' },
          ...booked,
          { name: 'touches', label: 'Touches', value: formatCount(answer.touches.length) },
          {
            name: 'credited',
            label: 'Credited to touches',
            value: formatCents(pipelineCents, currency),
            hint: answer.touches.length === 0 ? 'unattributed: no touch in its journey' : reconciles ? 'equals the deal amount' : 'differs from the deal amount',
          },
        ]}
      />
      {answer.touches.length === 0 ? (
        <Empty>This deal has no touch in its lookback window: it is counted as unattributed.</Empty>
      ) : (
        <>
          <JourneyTimeline journey={answer} currency={currency} />
          <Table
            columns={[
              { key: 'occurredAt', label: 'When', show: (touch: JourneyTouch) => formatDate(touch.occurredAt) },
              { key: 'campaign', label: 'Campaign', show: (touch) => touch.campaignName ?? touch.campaignId },
              { key: 'channel', label: 'Channel', show: (touch) => touch.channel },
              { key: 'touchType', label: 'Touch', show: (touch) => touch.touchType },
              { key: 'milestones', label: 'Milestones', show: (touch) => touch.milestones.join(', ') || '—' },
              { key: 'share', label: 'Share', numeric: true, show: (touch) => formatRate(touch.share) },
              { key: 'pipeline', label: 'Pipeline credit', numeric: true, show: (touch) => money(touch.pipeline) },
              { key: 'revenue', label: 'Revenue credit', numeric: true, show: (touch) => money(touch.revenue) },
            ]}
            rows={answer.touches}
            rowKey={(touch) => touch.touchpointId}
            footer={
              <tr>
                <td colSpan={6}>Total</td>
                <td class="numeric" data-total="pipeline">
                  {formatCents(pipelineCents, currency)}
                </td>
                <td class="numeric" data-total="revenue">
                  {formatCents(revenueCents, currency)}
                </td>
              </tr>
            }
          />
        </>
      )}
    </section>
  )
}

/** The deal as booked in its own currency, with the rates in effect when it was created and won. */
function bookedFigure(answer: JourneyAnswer) {
  const rate = (value: string | null) => (value === null ? 'no rate yet' : `rate ${value}`)
  const won = answer.originalWonAmount === null ? '' : `; won ${formatMoney(answer.originalWonAmount, answer.currency)} at ${rate(answer.revenueRate)}`
  return {
    name: 'booked',
    label: `Booked in ${answer.currency}`,
    value: formatMoney(answer.originalAmount, answer.currency),
    hint: `created at ${rate(answer.pipelineRate)}${won}`,
  }
}
