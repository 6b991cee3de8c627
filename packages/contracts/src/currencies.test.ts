import { describe, expect, it } from 'vitest'
import { refusalReason, streamIdOf, validateEvent, type Validation } from './index.ts'

const policy = { reportingCurrency: 'USD' }
const at = '2025-03-01T00:00:00Z'
const rate = (data: Record<string, unknown>) => ({ eventId: 'r-1', type: 'exchange_rate.recorded', occurredAt: at, data })
const deal = (data: Record<string, unknown>) => ({
  eventId: 'd-1',
  type: 'deal.created',
  occurredAt: at,
  data: { dealId: 'd-1', accountId: 'a-1', amount: 1000, currency: 'EUR', ...data },
})
const cost = (data: Record<string, unknown>) => ({
  eventId: 'c-1',
  type: 'campaign.cost.recorded',
  occurredAt: at,
  data: { campaignId: 'c', amount: 10, currency: 'GBP', periodStart: at, periodEnd: '2025-04-01T00:00:00Z', ...data },
})
const rateOf = (validation: Validation) => (validation.ok && validation.event.type === 'exchange_rate.recorded' ? validation.event.data.rate : undefined)

describe('currencies at the door', () => {
  it('accepts deals and costs in any ISO 4217 currency, refusing an unknown code with its path', () => {
    expect(validateEvent(deal({ currency: 'EUR' }), policy).ok).toBe(true)
    expect(validateEvent(cost({ currency: 'GBP' }), policy).ok).toBe(true)
    const unknown = validateEvent(deal({ currency: 'EUX' }), policy)
    expect(unknown).toMatchObject({ ok: false, errors: [{ path: 'data.currency', message: expect.stringContaining('ISO 4217 currency code') }] })
    expect(!unknown.ok && refusalReason(unknown.errors)).toBe('currency')
    // Codes without a minor unit (gold, the testing code) are no currency a deal is booked in.
    expect(validateEvent(cost({ currency: 'XAU' }), policy)).toMatchObject({ errors: [{ path: 'data.currency' }] })
    expect(validateEvent(cost({ currency: 'eur' }), policy)).toMatchObject({ errors: [{ path: 'data.currency', message: expect.stringContaining('3-letter') }] })
  })

  it('takes a currency without a minor unit in whole amounts only, and one with three to the hundredth', () => {
    expect(validateEvent(deal({ currency: 'JPY', amount: 150000 }), policy).ok).toBe(true)
    expect(validateEvent(deal({ currency: 'JPY', amount: '150000.50' }), policy)).toMatchObject({
      errors: [{ path: 'data.amount', message: 'must be a whole amount: JPY has no minor unit' }],
    })
    expect(validateEvent(cost({ currency: 'KRW', amount: 0.5 }), policy)).toMatchObject({ errors: [{ path: 'data.amount' }] })
    expect(validateEvent(deal({ currency: 'KWD', amount: '1200.25' }), policy).ok).toBe(true)
    expect(validateEvent(deal({ currency: 'KWD', amount: '1200.255' }), policy)).toMatchObject({
      errors: [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }],
    })
  })

  it('records a rate as its canonical decimal text, from a number or a string, up to ten decimals', () => {
    expect(rateOf(validateEvent(rate({ currency: 'EUR', rate: 1.0856 }), policy))).toBe('1.0856')
    expect(rateOf(validateEvent(rate({ currency: 'EUR', rate: '001.08560000' }), policy))).toBe('1.0856')
    expect(rateOf(validateEvent(rate({ currency: 'JPY', rate: '0.0066666667' }), policy))).toBe('0.0066666667')
    expect(rateOf(validateEvent(rate({ currency: 'JPY', rate: 1e-7 }), policy))).toBe('0.0000001')
    expect(rateOf(validateEvent(rate({ currency: 'KWD', rate: 3 }), policy))).toBe('3')
  })

  it('refuses a rate that is not positive, has more than ten decimals, or is for the reporting currency', () => {
    const refused = (data: Record<string, unknown>) => validateEvent(rate(data), policy)
    expect(refused({ currency: 'EUR', rate: 0 })).toMatchObject({ errors: [{ path: 'data.rate', message: 'must be greater than 0' }] })
    expect(refused({ currency: 'EUR', rate: '0.000' })).toMatchObject({ errors: [{ path: 'data.rate', message: 'must be greater than 0' }] })
    expect(refused({ currency: 'EUR', rate: -1.2 })).toMatchObject({ errors: [{ path: 'data.rate', message: 'must be greater than 0' }] })
    expect(refused({ currency: 'EUR', rate: '1.00000000001' })).toMatchObject({
      errors: [{ path: 'data.rate', message: 'must have at most 10 decimal places' }],
    })
    expect(refused({ currency: 'EUR', rate: 1e-11 })).toMatchObject({ errors: [{ path: 'data.rate', message: 'must have at most 10 decimal places' }] })
    expect(refused({ currency: 'EUR', rate: '1e3' })).toMatchObject({ errors: [{ path: 'data.rate', message: expect.stringContaining('decimal') }] })
    expect(refused({ currency: 'EUR', rate: 2e9 })).toMatchObject({ errors: [{ path: 'data.rate', message: 'must be at most 1,000,000,000' }] })
    expect(refused({ currency: 'EUR' })).toMatchObject({ errors: [{ path: 'data.rate', message: 'is required' }] })
    const reporting = refused({ currency: 'USD', rate: 1 })
    expect(reporting).toMatchObject({ errors: [{ path: 'data.currency', message: 'is the reporting currency USD, whose rate is always 1' }] })
    expect(!reporting.ok && refusalReason(reporting.errors)).toBe('currency')
  })

  it("keeps a currency's rates in one stream, so its timeline travels in order", () => {
    const validation = validateEvent(rate({ currency: 'GBP', rate: '1.27' }), policy)
    expect(validation.ok && streamIdOf(validation.event)).toBe('exchange-rate-GBP')
  })
})
