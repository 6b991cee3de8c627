import { describe, expect, it } from 'vitest'
import type { ConsumedMessage } from '@attribution/bus'
import { decodeBatch } from './decode.ts'

const message = (offset: number, value: string | Buffer | null): ConsumedMessage => ({
  topic: 'attribution.deals',
  partition: 2,
  offset: String(offset),
  key: Buffer.from('deal-d1'),
  value: typeof value === 'string' ? Buffer.from(value) : value,
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
      ['12', [{ path: 'data.amount', message: 'must be a non-negative decimal amount such as "1200.50"' }]],
      ['13', [{ path: '', message: 'message has no value; expected one JSON event' }]],
    ])
    expect(deadLetters[0]).toMatchObject({ topic: 'attribution.deals', partition: 2, value: Buffer.from('{"eventId": ') })
  })

  it('dead-letters a value that is not UTF-8 rather than reading a replacement character into it', () => {
    const won = (dealId: string) => JSON.stringify({ eventId: `w-${dealId}`, type: 'deal.won', occurredAt: '2024-03-01T00:00:00Z', data: { dealId } })
    // "d\xff" and "d\xfe" would both read as "d\ufffd": two deals would become one.
    const bytes = Buffer.concat([Buffer.from(won('d').slice(0, -3)), Buffer.from([0xff]), Buffer.from('"}}')])
    const { events, deadLetters } = decodeBatch([message(20, bytes), message(21, won('d2'))], { reportingCurrency: 'USD' })
    expect(events.map((event) => event.eventId)).toEqual(['w-d2'])
    expect(deadLetters.map((letter) => [letter.offset, letter.errors, letter.value])).toEqual([
      ['20', [{ path: '', message: 'message value is not valid UTF-8' }], bytes],
    ])
  })

  it("dead-letters the engine's own events: producers may not write them", () => {
    const activation = { eventId: 'a', type: 'lead_definition.activated', occurredAt: '2024-03-01T00:00:00Z', data: { definitionId: 'x', version: 1 } }
    const { events, deadLetters } = decodeBatch([message(30, JSON.stringify(activation))], { reportingCurrency: 'USD' })
    expect(events).toEqual([])
    expect(deadLetters[0]?.errors).toEqual([
      { path: 'type', message: expect.stringMatching(/^lead_definition.activated is written by the engine only: .*POST \/v1\/lead-definitions\/\{definitionId\}\/activate/) },
    ])
  })
})
