import { describe, expect, it } from 'vitest'
import type { LeadDefinition } from '@attribution/domain'
import { lifecycleBatch } from './leadLifecycles.ts'

const definition: LeadDefinition = {
  id: 'd',
  version: 1,
  name: 'Visits',
  behaviour: [{ name: 'visit', points: 10, match: { touchType: 'page_view' } }],
  fit: [],
  mql: { threshold: 10 },
  recycle: {},
}

const visit = (eventId: string, iso: string) =>
  ({ kind: 'touch', eventId, occurredAt: Date.parse(iso), touchType: 'page_view', channel: 'organic', campaignId: 'c' }) as const

describe('lifecycleBatch', () => {
  it('Given instants before 1973, as CRM exports write "no date", When written, Then they go as text ClickHouse reads', () => {
    // A plain number is read as a Unix time only from nine digits of seconds on (1973-03-03).
    const { columns, text } = lifecycleBatch([definition], [{ personId: 'p', facts: [visit('v', '1970-01-01T00:00:00Z')] }], 7)
    const row = JSON.parse(text) as unknown[]

    expect(row[columns.indexOf('mql_at')]).toBe('1970-01-01 00:00:00.000')
    expect(row[columns.indexOf('computed_through')]).toBe(7)
  })

  it('Given later instants, When written, Then as seconds with milliseconds', () => {
    const { columns, text } = lifecycleBatch([definition], [{ personId: 'p', facts: [visit('v', '2025-01-01T00:00:00.123Z')] }], 7)

    expect((JSON.parse(text) as unknown[])[columns.indexOf('mql_at')]).toBe('1735689600.123')
  })
})
