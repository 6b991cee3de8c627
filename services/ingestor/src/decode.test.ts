import { describe, expect, it } from 'vitest'
import type { ConsumedMessage } from '@attribution/bus'
import { decodeBatch } from './decode.ts'

const message = (offset: number, value: string | null): ConsumedMessage => ({
  topic: 'attribution.deals',
  partition: 2,
  offset: String(offset),
  key: Buffer.from('deal-d1'),
  value: value === null ? null : Buffer.from(value),
})

describe('decodeBatch', () => {
  it('keeps valid events in order and turns everything else into dead letters with reasons and original bytes', () => {
    const won = { eventId: 'w', type: 'deal.won', occurredAt: '2024-03-01T00:00:00Z', data: { dealId: 'd1' } }
    const messages = [
      message(10, JSON.stringify(won)),
      message(11, '{"eventId": '),
      message(12, JSON.stringify({ ...won, eventId: 'x', data: { dealId: 'd1', amount: 'lots' } })),
      message(13, null),
    ]
    const { events, deadLetters } = decodeBatch(messages, { reportingCurrency: 'USD' })
    expect(events).toEqual([won])
    expect(deadLetters.map((letter) => [letter.offset, letter.errors])).toEqual([
      ['11', [{ path: '', message: expect.stringMatching(/^not valid JSON/) }]],
      ['12', [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }]],
      ['13', [{ path: '', message: 'message has no value; expected one JSON event' }]],
    ])
    expect(deadLetters[0]).toMatchObject({ topic: 'attribution.deals', partition: 2, value: Buffer.from('{"eventId": ') })
  })
})
