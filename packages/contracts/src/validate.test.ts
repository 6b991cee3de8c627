import { describe, expect, it } from 'vitest'
import { eventJsonSchema, maxVersion, producerEventTypes, streamIdOf, validateEvent } from './index.ts'

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

  it('accepts contact roles with one primary contact, and names the second primary and an empty role', () => {
    const roles = [
      { personId: 'p-1', role: 'Economic Buyer', isPrimary: true },
      { personId: 'p-2', role: 'Influencer' },
    ]
    expect(validateEvent(dealCreated({ contactRoles: roles }), policy)).toEqual({ ok: true, event: dealCreated({ contactRoles: roles }) })
    const twoPrimaries = [...roles, { personId: 'p-3', role: '', isPrimary: true }]
    expect(validateEvent(dealCreated({ contactRoles: twoPrimaries }), policy)).toMatchObject({
      errors: [
        { path: 'data.contactRoles[2].role', message: 'must not be empty' },
        { path: 'data.contactRoles[2].isPrimary', message: 'only one contact may be primary; contactRoles[0] already is' },
      ],
    })
    expect(validateEvent(dealCreated({ contactRoles: [roles[0], { ...roles[1], isPrimary: true }] }), policy)).toMatchObject({
      errors: [{ path: 'data.contactRoles[1].isPrimary', message: 'only one contact may be primary; contactRoles[0] already is' }],
    })
  })

  it('rejects amounts with fractions of cents, negative amounts and unknown currencies', () => {
    expect(validateEvent(dealCreated({ amount: 0.001 }), policy)).toMatchObject({
      errors: [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }],
    })
    expect(validateEvent(dealCreated({ amount: -5 }), policy)).toMatchObject({
      errors: [{ path: 'data.amount', message: 'must not be negative' }],
    })
    // Since issue 21 another currency is converted at its rates (currencies.test.ts); an unknown code is refused.
    expect(validateEvent(dealCreated({ currency: 'XYZ' }), policy)).toMatchObject({
      errors: [{ path: 'data.currency', message: expect.stringContaining('ISO 4217 currency code') }],
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
      validateEvent(
        { eventId: 'm', type: 'attribution_model.saved', occurredAt: '2024-05-01T00:00:00Z', data: { name: 'ours', weights } },
        { ...policy, origin: 'engine' },
      )
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

  it('exports one JSON Schema branch per type producers may send, strict about unknown fields', () => {
    const schema = eventJsonSchema() as { oneOf: { properties: { type: { const: string }; data: { additionalProperties: boolean } } }[] }
    expect(schema.oneOf.map((branch) => branch.properties.type.const)).toEqual(producerEventTypes)
    expect(producerEventTypes).toHaveLength(15)
    expect(producerEventTypes).not.toContain('lead_definition.published')
    expect(schema.oneOf.every((branch) => branch.properties.data.additionalProperties === false)).toBe(true)
  })
})

describe('values the stores cannot hold', () => {
  it('refuses NUL characters and years outside 1900..2299 with their paths', () => {
    expect(validateEvent(dealCreated({ dealId: 'd\u0000' }), policy)).toMatchObject({
      errors: [{ path: 'data.dealId', message: expect.stringContaining('NUL') }],
    })
    expect(validateEvent({ ...dealCreated({}), occurredAt: '0000-01-01T00:00:00Z' }, policy)).toMatchObject({
      errors: [{ path: 'occurredAt', message: 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z' }],
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

describe('who may send which type', () => {
  const published = {
    eventId: 'p',
    type: 'lead_definition.published',
    occurredAt: '2024-05-01T00:00:00Z',
    data: { definitionId: 'd', version: 1, name: 'D', format: 'yaml', document: 'id: d' },
  }
  const activated = { eventId: 'a', type: 'lead_definition.activated', occurredAt: '2024-05-01T00:00:00Z', data: { definitionId: 'd', version: 1 } }
  const saved = { eventId: 's', type: 'attribution_model.saved', occurredAt: '2024-05-01T00:00:00Z', data: { name: 'm', weights: { FT: 100 } } }

  it("refuses the engine's own events from producers, naming the API that writes them", () => {
    expect(validateEvent(published, policy)).toEqual({
      ok: false,
      eventId: 'p',
      errors: [{ path: 'type', message: 'lead_definition.published is written by the engine only: publish lead definitions with POST /v1/lead-definitions' }],
    })
    expect(validateEvent(activated, { ...policy, origin: 'producer' })).toMatchObject({
      errors: [{ path: 'type', message: expect.stringContaining('POST /v1/lead-definitions/{definitionId}/activate') }],
    })
    expect(validateEvent(saved, policy)).toMatchObject({
      errors: [{ path: 'type', message: expect.stringContaining('PUT /v1/attribution/models/{name}') }],
    })
  })

  it('takes them from the engine, still checked against the contract', () => {
    const engine = { ...policy, origin: 'engine' as const }
    expect(validateEvent(published, engine)).toEqual({ ok: true, event: published })
    expect(validateEvent(activated, engine).ok).toBe(true)
    expect(validateEvent({ ...activated, data: { definitionId: 'd', version: maxVersion + 1 } }, engine)).toMatchObject({
      errors: [{ path: 'data.version', message: 'must be at most 2147483647' }],
    })
    expect(validateEvent({ ...published, data: { ...published.data, document: 'x'.repeat(100_001) } }, engine)).toMatchObject({
      errors: [{ path: 'data.document', message: 'must be at most 100000 characters' }],
    })
  })

  it('lists only the types producers may send when the type is unknown', () => {
    const result = validateEvent({ ...dealCreated({}), type: 'deal.opened' }, policy)
    const message = result.ok ? '' : (result.errors[0]?.message ?? '')
    expect(message).toContain('deal.lost')
    expect(message).not.toContain('lead_definition')
  })
})

describe('text the stores cannot hold', () => {
  const lone = 'must be well-formed Unicode (contains a lone surrogate)'

  it('refuses lone surrogates anywhere, with the path of each', () => {
    const person = {
      eventId: 'p-1',
      type: 'person.updated',
      occurredAt: '2024-05-01T00:00:00Z',
      data: { personId: 'jane\ud800', attributes: { 'title\udc00': 'cto', plan: 'gold\ud83d' } },
    }
    expect(validateEvent(person, policy)).toEqual({
      ok: false,
      eventId: 'p-1',
      errors: [
        { path: 'data.personId', message: lone },
        { path: 'data.attributes.title\udc00', message: `the field name ${lone}` },
        { path: 'data.attributes.plan', message: lone },
      ],
    })
    const touch = { eventId: 't', type: 'touchpoint.recorded', occurredAt: '2024-05-01T00:00:00Z' }
    const data = { anonymousId: 'a', campaignId: 'c', channel: 'web', touchType: 'page_view', content: '/pricing\udfff' }
    expect(validateEvent({ ...touch, data }, policy)).toMatchObject({ errors: [{ path: 'data.content', message: lone }] })
    // A surrogate pair is one character, not two halves.
    expect(validateEvent({ ...touch, data: { ...data, content: '/launch-\ud83d\ude80' } }, policy).ok).toBe(true)
  })

  it('does not echo an event id it refuses', () => {
    expect(validateEvent({ ...dealCreated({}), eventId: 'e-\ud800' }, policy)).toEqual({
      ok: false,
      errors: [{ path: 'eventId', message: lone }],
    })
    const long = validateEvent({ ...dealCreated({}), eventId: 'e'.repeat(129) }, policy)
    expect(long).toEqual({ ok: false, errors: [{ path: 'eventId', message: 'must be at most 128 characters' }] })
  })
})

describe('shapes far beyond the contract', () => {
  it('refuses an event nested 10,000 deep at the level where it got too deep, without overflowing the stack', () => {
    let deep: unknown = 'bottom'
    for (let level = 0; level < 10_000; level += 1) deep = [deep]
    expect(validateEvent(dealCreated({ contactIds: deep }), policy)).toEqual({
      ok: false,
      eventId: 'e-1',
      errors: [{ path: 'data.contactIds[0][0][0][0][0][0]', message: 'is nested too deeply: an event nests at most 8 levels of objects and lists' }],
    })
  })

  it('refuses an object with more fields than any in the contract without listing them', () => {
    const data: Record<string, number> = {}
    for (let index = 0; index < 300_000; index += 1) data[`k${index}`] = index
    expect(validateEvent({ ...dealCreated({}), data }, policy)).toEqual({
      ok: false,
      eventId: 'e-1',
      errors: [{ path: 'data', message: 'has 300000 fields; an object in an event has at most 256' }],
    })
  })

  it('refuses a list longer than any in the contract at its path', () => {
    const contactIds = Array.from({ length: 1_001 }, (_, index) => `p-${index}`)
    expect(validateEvent(dealCreated({ contactIds }), policy)).toMatchObject({
      errors: [{ path: 'data.contactIds', message: 'has 1001 items; a list in an event holds at most 1000' }],
    })
  })

  it('lists the first 20 problems of an event and counts the rest', () => {
    const unknown = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`x${index}`, 1]))
    const result = validateEvent(dealCreated(unknown), policy)
    expect(result.ok).toBe(false)
    const errors = result.ok ? [] : result.errors
    expect(errors).toHaveLength(21)
    expect(errors[0]).toEqual({ path: 'data.x0', message: 'is not a known field' })
    expect(errors[20]).toEqual({ path: '', message: 'and 180 more problems' })
  })
})

describe('amounts, versions and times the stores hold', () => {
  it('refuses amounts below a cent, however small, and above the largest amount', () => {
    const problem = (amount: unknown) => {
      const result = validateEvent(dealCreated({ amount }), policy)
      return result.ok ? undefined : result.errors
    }
    const notCents = [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }]
    expect(problem(1e-7)).toEqual(notCents)
    expect(problem('0.0000001')).toEqual(notCents)
    expect(problem(12.345)).toEqual(notCents)
    const tooLarge = [{ path: 'data.amount', message: 'must be at most 1,000,000,000,000.00' }]
    expect(problem(1_000_000_000_000.01)).toEqual(tooLarge)
    expect(problem('99999999999999999999')).toEqual(tooLarge)
    expect(problem('-5')).toEqual([{ path: 'data.amount', message: 'must be a non-negative decimal amount such as "1200.50"' }])
    expect(problem(true)).toEqual([{ path: 'data.amount', message: 'must be a decimal amount: a number, or a decimal string such as "1200.50"' }])
    expect(problem(1_000_000_000_000)).toBeUndefined()
    expect(problem('1000000000000.00')).toBeUndefined()
  })

  it('refuses dates that do not exist and instants on the last day of 2299 in UTC, kept as the end of open windows', () => {
    expect(validateEvent({ ...dealCreated({}), occurredAt: '2024-02-30T00:00:00Z' }, policy)).toMatchObject({
      errors: [{ path: 'occurredAt', message: expect.stringContaining('ISO-8601') }],
    })
    expect(validateEvent({ ...dealCreated({}), occurredAt: '2299-12-31T23:00:00-05:00' }, policy)).toMatchObject({
      errors: [{ path: 'occurredAt', message: 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z' }],
    })
    expect(validateEvent({ ...dealCreated({}), occurredAt: '2299-12-31T00:00:00.000Z' }, policy).ok).toBe(false)
    expect(validateEvent({ ...dealCreated({}), occurredAt: '2299-12-30T23:59:59.999Z' }, policy).ok).toBe(true)
  })
})
