import { creditsProjection, factsProjection } from '@attribution/projector'
import { ruleCreditModels } from '@attribution/read-model'
import { selectRows } from '@attribution/clickhouse'
import { describe, expect, it } from 'vitest'
import { firstCurrencyEvents, lateRates } from '../fixtures/currencyDataset.ts'
import { positionedEvents } from '../support/events.ts'
import { verifyProjection } from '../support/projectionSpec.ts'

const at = positionedEvents()
const asPositioned = (event: { type: string; occurredAt: string; data: Record<string, unknown> }) => at(event.type, event.occurredAt, event.data)
// d-eur and d-gbp with their rates and costs, then the rates that come late: a restart after any event of the log
// (the spec tries each) applies a late rate in a batch after the deals it restates.
const given = [...firstCurrencyEvents.filter(({ eventId }) => !/(jpy|usd|chf)/.test(eventId)), ...lateRates].map(asPositioned)

describe('credits projection, currencies', () => {
  it('Given deals in EUR and GBP and rates late and out of order, Then their conversions and credit lines, to the cent', async () => {
    await verifyProjection('currencies_spec', {
      projections: (ch) => [factsProjection(ch), creditsProjection(ch, () => [...ruleCreditModels], 'USD')],
      given,
      then: async (ch) => {
        const t = ch.table
        const conversions = await selectRows(
          ch,
          `SELECT deal_id, kind, toString(at) AS at, currency, original_cents, rate, converted, cents
           FROM ${t('deal_conversions')} FINAL ORDER BY ALL`,
        )
        // EUR 1.08 from 5 March restated d-eur's pipeline; GBP 1.265 from 1 March converted d-gbp's at last.
        expect(conversions).toEqual([
          { deal_id: 'd-eur', kind: 'created', at: '2025-03-10 12:00:00.000', currency: 'EUR', original_cents: 100000, rate: '1.08', converted: 1, cents: 108000 },
          { deal_id: 'd-eur', kind: 'won', at: '2025-04-01 12:00:00.000', currency: 'EUR', original_cents: 120000, rate: '1.0921', converted: 1, cents: 131052 },
          { deal_id: 'd-gbp', kind: 'created', at: '2025-03-12 12:00:00.000', currency: 'GBP', original_cents: 75025, rate: '1.265', converted: 1, cents: 94907 },
          { deal_id: 'd-gbp', kind: 'won', at: '2025-03-25 12:00:00.000', currency: 'GBP', original_cents: 75025, rate: '1.2712', converted: 1, cents: 95372 },
        ])
        const lines = await selectRows(
          ch,
          `SELECT kind, deal_id, amount_cents, cents FROM ${t('credit_lines')} FINAL
           WHERE model = 'linear' AND NOT is_deleted ORDER BY ALL`,
        )
        // Each converted amount split in thirds, the leftover cents to the earliest touches: they sum to it exactly.
        expect(lines).toEqual([
          { kind: 'created', deal_id: 'd-eur', amount_cents: 108000, cents: [36000, 36000, 36000] },
          { kind: 'created', deal_id: 'd-gbp', amount_cents: 94907, cents: [31636, 31636, 31635] },
          { kind: 'won', deal_id: 'd-eur', amount_cents: 131052, cents: [43684, 43684, 43684] },
          { kind: 'won', deal_id: 'd-gbp', amount_cents: 95372, cents: [31791, 31791, 31790] },
        ])
      },
    })
  })

  it('Given a deal in GBP with no rate in effect at its creation, Then its pipeline is on no line, and waits as unconverted', async () => {
    const early = firstCurrencyEvents.filter(({ eventId }) => /gbp/.test(eventId)).map(asPositioned)
    await verifyProjection('currencies_waiting_spec', {
      projections: (ch) => [factsProjection(ch), creditsProjection(ch, () => [...ruleCreditModels], 'USD')],
      given: early,
      then: async (ch) => {
        const t = ch.table
        const conversions = await selectRows(ch, `SELECT kind, rate, converted, cents FROM ${t('deal_conversions')} FINAL ORDER BY ALL`)
        expect(conversions).toEqual([
          { kind: 'created', rate: '', converted: 0, cents: 0 },
          { kind: 'won', rate: '1.2712', converted: 1, cents: 95372 },
        ])
        const lines = await selectRows(ch, `SELECT kind FROM ${t('credit_lines')} FINAL WHERE model = 'linear' AND NOT is_deleted ORDER BY ALL`)
        expect(lines).toEqual([{ kind: 'won' }])
      },
    })
  })
})
