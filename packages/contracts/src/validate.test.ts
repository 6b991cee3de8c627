import { describe, expect, it } from 'vitest'
import { eventJsonSchema, eventTypes, streamIdOf, toCents, validateEvent } from './index.ts'

const policy = { reportingCurrency: 'USD' }
const dealCreated = (data: Record<string, unknown>) => ({
  eventId: 'e-1',
  type: 'deal.created',
  occurredAt: '2024-05-01T09:30:00+02:00',
  data: { dealId: 'd-1', accountId: 'a-1', amount: 1200.5, currency: 'USD', ...data },
})

describe('validateEvent', () => {
  it('accepts a valid event and keeps it as sent', () => {
    const result = validateEvent(dealCreated({ contactIds: ['p-1'] }), policy)
    expect(result).toEqual({ ok: true, event: dealCreated({ contactIds: ['p-1'] }) })
  })

  it('stores a decimal string amount as the equal number', () => {
    const result = validateEvent(dealCreated({ amount: '1200.50' }), policy)
    expect(result.ok && result.event.type === 'deal.created' && result.event.data.amount).toBe(1200.5)
  })

  it('reports every problem with its path', () => {
    const result = validateEvent(
      { eventId: '', type: 'deal.created', occurredAt: '2024-05-01T09:30:00', data: {}, extra: 1 },
      policy,
    )
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'eventId', message: 'must not be empty' },
        { path: 'occurredAt', message: expect.stringContaining('with offset') },
        { path: 'extra', message: 'is not a known field' },
      ],
    })
  })

  it('rejects unknown types, unknown data fields and missing required ones', () => {
    expect(validateEvent({ ...dealCreated({}), type: 'deal.opened' }, policy)).toMatchObject({
      ok: false,
      eventId: 'e-1',
      errors: [{ path: 'type', message: expect.stringContaining('must be one of touchpoint.recorded') }],
    })
    expect(validateEvent(dealCreated({ amout: 3 }), policy)).toMatchObject({
      errors: [{ path: 'data.amout', message: 'is not a known field' }],
    })
    expect(validateEvent(dealCreated({ dealId: undefined }), policy)).toMatchObject({
      errors: [{ path: 'data.dealId', message: 'is required' }],
    })
  })

  it('rejects amounts with fractions of cents, negative amounts and other currencies', () => {
    expect(validateEvent(dealCreated({ amount: 0.001 }), policy)).toMatchObject({
      errors: [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }],
    })
    expect(validateEvent(dealCreated({ amount: -5 }), policy)).toMatchObject({
      errors: [{ path: 'data.amount', message: 'must not be negative' }],
    })
    expect(validateEvent(dealCreated({ currency: 'EUR' }), policy)).toMatchObject({
      errors: [{ path: 'data.currency', message: expect.stringContaining('reporting currency USD') }],
    })
  })

  it('requires a person or an anonymous id on a touchpoint', () => {
    const touch = { eventId: 't', type: 'touchpoint.recorded', occurredAt: '2024-05-01T00:00:00Z' }
    const data = { campaignId: 'c', channel: 'email', touchType: 'email_click' }
    expect(validateEvent({ ...touch, data }, policy)).toMatchObject({
      errors: [{ path: 'data.personId', message: 'one of personId or anonymousId is required' }],
    })
    expect(validateEvent({ ...touch, data: { ...data, anonymousId: 'anon' } }, policy).ok).toBe(true)
    expect(validateEvent({ ...touch, data: { ...data, anonymousId: 'anon', touchType: 'ad_clik' } }, policy)).toMatchObject({
      errors: [{ path: 'data.touchType' }],
    })
  })

  it('points into arrays by index', () => {
    expect(validateEvent(dealCreated({ contactIds: ['p-1', ''] }), policy)).toMatchObject({
      errors: [{ path: 'data.contactIds[1]', message: 'must not be empty' }],
    })
  })
})

describe('toCents', () => {
  it('converts major units exactly', () => {
    expect(toCents(0.1 + 0.2)).toBe(30)
    expect(toCents(1000.01)).toBe(100001)
    expect(toCents('19.9')).toBe(1990)
    expect(toCents(12.345)).toBeUndefined()
    expect(toCents('1e3')).toBeUndefined()
  })

  it('reads a large amount given as a number to the cent, as the string it came from reads', () => {
    // The double nearest 98765432109.87 is 98765432109.8700027...: six decimals of it are not two.
    expect(toCents(98_765_432_109.87)).toBe(9_876_543_210_987)
    expect(toCents(Number('98765432109.87'))).toBe(toCents('98765432109.87'))
    expect(toCents(Number.MAX_SAFE_INTEGER)).toBeUndefined()
    expect(toCents(Number.NaN)).toBeUndefined()
  })
})

describe('streams and schema', () => {
  it('keys person, anonymous and deal events by their entity', () => {
    const result = validateEvent(dealCreated({}), policy)
    expect(result.ok && streamIdOf(result.event)).toBe('deal-d-1')
    const anonymous = validateEvent(
      { eventId: 't', type: 'touchpoint.recorded', occurredAt: '2024-05-01T00:00:00Z', data: { anonymousId: 'a', campaignId: 'c', channel: 'x', touchType: 'page_view' } },
      policy,
    )
    expect(anonymous.ok && streamIdOf(anonymous.event)).toBe('anonymous-a')
  })

  it('takes a saved custom model only with known positions whose percentages sum to 100', () => {
    const saved = (weights: Record<string, unknown>) =>
      validateEvent({ eventId: 'm', type: 'attribution_model.saved', occurredAt: '2024-05-01T00:00:00Z', data: { name: 'ours', weights } }, policy)
    expect(saved({ FT: 100 / 3, LC: 100 / 3, CW: 100 / 3 }).ok).toBe(true)
    expect(saved({ FT: 30, LC: 30, OC: 30 })).toMatchObject({ ok: false, errors: [{ path: 'data.weights', message: 'must sum to 100' }] })
    expect(saved({ FT: 90, last: 10 })).toMatchObject({
      ok: false,
      errors: [
        { path: 'data.weights.last', message: 'is not a known field' },
        { path: 'data.weights', message: 'must sum to 100' },
      ],
    })
    expect(saved({ FT: 110, LC: -10 })).toMatchObject({
      ok: false,
      errors: [
        { path: 'data.weights.FT', message: expect.stringContaining('<=100') },
        { path: 'data.weights.LC', message: expect.stringContaining('>=0') },
      ],
    })
  })

  it('exports one JSON Schema branch per event type, strict about unknown fields', () => {
    const schema = eventJsonSchema() as { oneOf: { properties: { type: { const: string }; data: { additionalProperties: boolean } } }[] }
    expect(schema.oneOf.map((branch) => branch.properties.type.const)).toEqual(eventTypes)
    expect(schema.oneOf.every((branch) => branch.properties.data.additionalProperties === false)).toBe(true)
  })
})

describe('values the stores cannot hold', () => {
  it('refuses NUL characters and years outside 1900..2299 with their paths', () => {
    expect(validateEvent(dealCreated({ dealId: 'd\u0000' }), policy)).toMatchObject({
      errors: [{ path: 'data.dealId', message: expect.stringContaining('NUL') }],
    })
    expect(validateEvent({ ...dealCreated({}), occurredAt: '0000-01-01T00:00:00Z' }, policy)).toMatchObject({
      errors: [{ path: 'occurredAt', message: 'must be between the years 1900 and 2299' }],
    })
  })
})

describe('the published JSON Schema file', () => {
  it('is what the contract exports now (run `pnpm schema` after changing an event)', async () => {
    const { readFileSync } = await import('node:fs')
    const published = readFileSync(new URL('../schema/events.schema.json', import.meta.url), 'utf8')
    expect(JSON.parse(published)).toEqual(eventJsonSchema())
  })
})

describe('wrong types', () => {
  it('says what was expected rather than calling a present field missing', () => {
    const result = validateEvent(dealCreated({ dealId: 42 }), policy)
    expect(result).toMatchObject({ ok: false, errors: [{ path: 'data.dealId', message: expect.stringMatching(/expected string/) }] })
  })
})
