import { describe, expect, it } from 'vitest'
import { attributionModels } from '@attribution/domain'
import { creditDaysOf, creditLineRows } from './creditLines.ts'
import type { DealJourney } from '../journeys/journeys.ts'

const at = (iso: string) => Date.parse(iso)
const journey: DealJourney = {
  dealId: 'd1',
  deal: { createdAt: at('2025-03-10T09:00:00Z'), wonAt: at('2025-04-02T16:00:00Z') },
  amountCents: 100_001,
  wonAmountCents: 90_000,
  // In the reporting currency: at par.
  currency: 'USD',
  pipeline: { currency: 'USD', originalCents: 100_001, atMs: at('2025-03-10T09:00:00Z'), rate: '1', cents: 100_001 },
  revenue: { currency: 'USD', originalCents: 90_000, atMs: at('2025-04-02T16:00:00Z'), rate: '1', cents: 90_000 },
  createdInWindow: true,
  wonInWindow: true,
  journeyKeys: ['p1'],
  touches: [
    { touchId: 't1', occurredAt: at('2025-03-01T09:00:00Z'), campaignId: 'c1', channel: 'email', touchType: 'form_fill', identified: true },
    { touchId: 't2', occurredAt: at('2025-03-05T09:00:00Z'), campaignId: 'c2', channel: 'events', touchType: 'event_attended', identified: true },
  ],
}
// An earlier deal.created two days later was corrected by this one; an earlier win was on 2025-03-30.
const days = new Map([['d1', { created: ['2025-03-10', '2025-03-12'], won: ['2025-03-30', '2025-04-02'] }]])

describe('creditLineRows', () => {
  const rows = creditLineRows([journey], days, 42)

  it('puts the pipeline on the creation day and the revenue on the win day, for every model, each to the cent', () => {
    for (const model of attributionModels) {
      const lines = rows.filter((row) => row.model === model && row.is_deleted === 0)
      expect(lines.map((line) => [line.kind, line.day, line.at])).toEqual([
        ['created', '2025-03-10', '2025-03-10 09:00:00.000'],
        ['won', '2025-04-02', '2025-04-02 16:00:00.000'],
      ])
      const sum = (cents: unknown) => (cents as number[]).reduce((total, value) => total + value, 0)
      expect(sum(lines[0]?.cents)).toBe(100_001)
      expect(sum(lines[1]?.cents)).toBe(90_000)
      expect(lines[0]?.touchpoint_ids).toEqual(lines[1]?.touchpoint_ids)
    }
  })

  it('leaves a tombstone on every other day the deal was on, with the version of the computation', () => {
    const tombstones = rows.filter((row) => row.is_deleted === 1 && row.model === 'linear')
    expect(tombstones.map((row) => [row.kind, row.day, row.cents, row.version])).toEqual([
      ['created', '2025-03-12', [], 42],
      ['won', '2025-03-30', [], 42],
    ])
    expect(rows).toHaveLength(attributionModels.length * 4)
  })

  it('lists every row under the same keys in the same order, as compact rows need', () => {
    const keys = JSON.stringify(Object.keys(rows[0] ?? {}))
    for (const row of rows) expect(JSON.stringify(Object.keys(row))).toBe(keys)
  })

  it('names each day the deal is or was on, once, for the days to re-sum', () => {
    expect(creditDaysOf(days)).toEqual([
      { kind: 'created', day: '2025-03-10' },
      { kind: 'created', day: '2025-03-12' },
      { kind: 'won', day: '2025-03-30' },
      { kind: 'won', day: '2025-04-02' },
    ])
  })
})
