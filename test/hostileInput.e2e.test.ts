import { describe, expect, it } from 'vitest'
import { exampleDocument } from './support/leadDefinitions.ts'
import { useEngine, waitUntilProjected } from './support/engine.ts'

interface Request {
  method: 'GET' | 'POST' | 'PUT'
  url: string
  headers?: Record<string, string>
  payload?: string | Buffer | object
}

const dealWon = (eventId: string, dealId: string) => ({ eventId, type: 'deal.won', occurredAt: '2024-03-01T00:00:00Z', data: { dealId } })

/**
 * What a hostile or broken client sends, over a real embedded engine: every bad input answered with a precise 4xx
 * (path and reason), quickly and briefly, and nothing the stores cannot hold stored.
 */
describe('hostile input at the edge', () => {
  const running = useEngine('hostile')
  const inject = async (options: Request) => {
    const response = await running.engine.app.inject(options)
    return { status: response.statusCode, body: response.json(), bytes: response.rawPayload.length }
  }
  const get = (url: string) => inject({ method: 'GET', url })
  const postEvents = (payload: object) => inject({ method: 'POST', url: '/v1/events', payload })
  const storedEvents = async () => (await get('/v1/status')).body.eventStore.events as number

  it("refuses the engine's own events from producers, naming the API to use, and stores the rest of the batch", async () => {
    const activation = { eventId: 'act-1', type: 'lead_definition.activated', occurredAt: '2024-01-01T00:00:00Z', data: { definitionId: 'x', version: 1 } }
    const saved = { eventId: 'save-1', type: 'attribution_model.saved', occurredAt: '2024-01-01T00:00:00Z', data: { name: 'm', weights: { FT: 100 } } }
    const published = {
      eventId: 'pub-1',
      type: 'lead_definition.published',
      occurredAt: '2024-01-01T00:00:00Z',
      data: { definitionId: 'x', version: 1, name: 'X', format: 'yaml', document: exampleDocument('intent-and-fit') },
    }
    const { status, body } = await postEvents([dealWon('ok-1', 'd-1'), activation, saved, published])
    expect(status).toBe(202)
    expect(body).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 1, eventId: 'act-1', errors: [{ path: 'type', message: expect.stringContaining('POST /v1/lead-definitions/{definitionId}/activate') }] },
        { index: 2, eventId: 'save-1', errors: [{ path: 'type', message: expect.stringContaining('PUT /v1/attribution/models/{name}') }] },
        { index: 3, eventId: 'pub-1', errors: [{ path: 'type', message: 'lead_definition.published is written by the engine only: publish lead definitions with POST /v1/lead-definitions' }] },
      ],
    })
    expect(await storedEvents()).toBe(1)
  })

  it('refuses lone surrogates with their paths, stores the valid events beside them, and takes a stored id again as a duplicate', async () => {
    const before = await storedEvents()
    const lone = 'must be well-formed Unicode (contains a lone surrogate)'
    const person = { eventId: 'p-1', type: 'person.updated', occurredAt: '2024-01-01T00:00:00Z', data: { personId: 'p1', attributes: { 'ti\udc00tle': 'x', plan: 'gold\ud800' } } }
    const first = await postEvents([dealWon('ok-2', 'd-2'), dealWon('bad\ud800', 'd-3'), person])
    expect(first.status).toBe(202)
    expect(first.body).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        // An id that could never be stored is not echoed back.
        { index: 1, errors: [{ path: 'eventId', message: lone }] },
        { index: 2, eventId: 'p-1', errors: [{ path: 'data.attributes.ti\udc00tle', message: `the field name ${lone}` }, { path: 'data.attributes.plan', message: lone }] },
      ],
    })
    const again = await postEvents([dealWon('ok-2', 'd-2'), dealWon('ok-3', 'd\udfff')])
    expect(again.status).toBe(202)
    expect(again.body).toEqual({ accepted: 0, duplicates: 1, rejected: [{ index: 1, eventId: 'ok-3', errors: [{ path: 'data.dealId', message: lone }] }] })
    expect(await storedEvents()).toBe(before + 1)
  })

  it('refuses a body that is not UTF-8 rather than reading replacement characters into it', async () => {
    const bytes = Buffer.concat([Buffer.from(JSON.stringify(dealWon('u-1', 'd-u')).slice(0, -3)), Buffer.from([0xff]), Buffer.from('"}}')])
    const answer = await inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: bytes })
    expect(answer).toMatchObject({ status: 400, body: { error: 'Bad Request', message: 'body is not valid UTF-8' } })
    const yaml = Buffer.concat([Buffer.from(exampleDocument('intent-and-fit')), Buffer.from('# caf\xe9 in Latin-1: \xe9\n', 'latin1')])
    const definition = await inject({ method: 'POST', url: '/v1/lead-definitions', headers: { 'content-type': 'application/yaml' }, payload: yaml })
    expect(definition).toMatchObject({ status: 400, body: { message: 'body is not valid UTF-8', errors: [{ path: 'body', message: 'is not valid UTF-8' }] } })
    // fastify's protection against prototype poisoning still stands in front of the JSON parser.
    const poisoned = await inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload: '{"__proto__": {"polluted": 1}}' })
    expect(poisoned).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^body is not valid JSON/) } })
    const plain = await inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'text/plain' }, payload: '{}' })
    expect(plain).toMatchObject({ status: 415, body: { message: expect.stringContaining('application/json') } })
  })

  it('refuses an event nested 10,000 deep at the level where it got too deep', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`
    const payload = `{"eventId":"deep","type":"deal.created","occurredAt":"2024-01-01T00:00:00Z","data":{"contactIds":${deep}}}`
    const { status, body } = await inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload })
    expect(status).toBe(400)
    expect(body.rejected).toEqual([
      { index: 0, eventId: 'deep', errors: [{ path: 'data.contactIds[0][0][0][0][0][0]', message: 'is nested too deeply: an event nests at most 8 levels of objects and lists' }] },
    ])
  })

  it('answers a 25 MB event of 2.5 million unknown fields quickly and briefly', async () => {
    const fields = Array.from({ length: 2_500_000 }, (_, index) => `"f${index}":1`).join(',')
    const payload = `{"eventId":"wide","type":"deal.won","occurredAt":"2024-01-01T00:00:00Z","data":{${fields}}}`
    expect(payload.length).toBeGreaterThan(24_000_000)
    const started = Date.now()
    const answer = await inject({ method: 'POST', url: '/v1/events', headers: { 'content-type': 'application/json' }, payload })
    // It took 17 s and answered 125 MB, one error per field; refused unparsed it takes about half a second.
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(answer.bytes).toBeLessThan(300)
    expect(answer).toMatchObject({
      status: 400,
      body: { errors: [{ path: 'body.data', message: 'has more than 256 fields; no object this API takes has as many' }] },
    })
  })

  it('lists at most 20 problems of an event and counts the rest', async () => {
    const unknown = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`x${index}`, 1]))
    const { body } = await postEvents({ ...dealWon('many', 'd-m'), data: { dealId: 'd-m', ...unknown } })
    expect(body.rejected[0].errors).toHaveLength(21)
    expect(body.rejected[0].errors[20]).toEqual({ path: '', message: 'and 80 more problems' })
  })

  it('refuses amounts below a cent and above the largest amount', async () => {
    const created = (eventId: string, amount: unknown) => ({
      eventId,
      type: 'deal.created',
      occurredAt: '2024-01-01T00:00:00Z',
      data: { dealId: eventId, accountId: 'a', amount, currency: 'USD' },
    })
    const { status, body } = await postEvents([created('tiny', 1e-7), created('huge', 1_000_000_000_000.01), created('huge-text', '10000000000000')])
    expect(status).toBe(400)
    expect(body.rejected.map((rejection: { errors: unknown[] }) => rejection.errors)).toEqual([
      [{ path: 'data.amount', message: 'must be a decimal amount with at most 2 decimal places' }],
      [{ path: 'data.amount', message: 'must be at most 1,000,000,000,000.00' }],
      [{ path: 'data.amount', message: 'must be at most 1,000,000,000,000.00' }],
    ])
  })

  it('publishes lead definitions through the registry, refusing versions and documents the stores cannot hold', async () => {
    const example = exampleDocument('intent-and-fit')
    const postYaml = (payload: string) => inject({ method: 'POST', url: '/v1/lead-definitions', headers: { 'content-type': 'application/yaml' }, payload })
    const wrapped = await postYaml(example.replace(/^version: 1$/m, 'version: 4294967297'))
    expect(wrapped).toMatchObject({ status: 400, body: { errors: [{ path: 'version', message: 'must be at most 2147483647', line: 5 }] } })
    const longText = `${example}\n# ${'x'.repeat(100_000)}\n`
    const long = await postYaml(longText)
    const tooLong = `is ${longText.length} characters long; a definition may have at most 100000`
    expect(long).toMatchObject({ status: 400, body: { errors: [{ path: '', message: tooLong }] } })
    const huge = await postYaml(`${example}\n# ${'x'.repeat(31_000_000)}\n`)
    expect(huge).toMatchObject({ status: 413, body: { message: 'the body is larger than the 300,000 bytes POST /v1/lead-definitions takes' } })
    const before = await storedEvents()
    expect((await postYaml(example)).status).toBe(201)
    expect(await storedEvents()).toBe(before + 1)
  })

  it('refuses a batch over its size and a custom model body over its own', async () => {
    const tooMany = await postEvents(Array.from({ length: 10_001 }, () => ({})))
    expect(tooMany).toMatchObject({ status: 413, body: { message: 'a request holds at most 10000 events; this one has 10001: split it' } })
    const weights = { FT: 100, note: 'x'.repeat(70_000) }
    const model = await inject({ method: 'PUT', url: '/v1/attribution/models/ours', payload: { weights } })
    expect(model).toMatchObject({ status: 413, body: { message: 'the body is larger than the 65,536 bytes PUT /v1/attribution/models/:name takes' } })
  })

  it.each([
    ['an instant in the year 9999', '/v1/revenue-by-campaign?model=linear&from=9999-01-01', 'querystring.from', 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z'],
    ['an instant in the year 1', '/v1/revenue-by-campaign?model=linear&to=0001-01-01T00:00:00Z', 'querystring.to', 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z'],
    ['asOf in the year 9999', '/v1/funnel?asOf=9999-12-31', 'querystring.asOf', 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z'],
    ['an instant in 1899', '/v1/handoffs?from=1899-12-31', 'querystring.from', 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z'],
    ['asOf in 2300', '/v1/lead-definitions/compare?candidate=x@1&asOf=2300-01-01', 'querystring.asOf', 'must be between 1900-01-01T00:00:00.000Z and 2299-12-30T23:59:59.999Z'],
    ['a date that does not exist', '/v1/revenue-by-campaign?model=linear&from=2024-02-30', 'querystring.from', expect.stringContaining('must be a date (YYYY-MM-DD)')],
    ['an escape that is not UTF-8', '/v1/revenue-by-campaign?model=linear&from=%FF', 'querystring.from', 'must be percent-encoded UTF-8'],
    ['an escaped lone surrogate', '/v1/funnel?definition=%ED%A0%80', 'querystring.definition', 'must be percent-encoded UTF-8'],
    ['NUL in a parameter', '/v1/revenue-by-campaign?model=custom&customModel=a%00b', 'querystring.customModel', 'must not contain the NUL character'],
    ['a model name longer than any id', `/v1/revenue-by-campaign?model=custom&customModel=${'m'.repeat(257)}`, 'querystring.customModel', 'must be at most 256 characters'],
    ['weights longer than any weights', `/v1/revenue-by-campaign?model=custom&weights=${'ft:100,'.repeat(40)}`, 'querystring.weights', 'must be at most 256 characters'],
    ['a list of models longer than every model', `/v1/attribution/compare?models=${'linear,'.repeat(40)}`, 'querystring.models', 'must be at most 160 characters'],
    ['a definition id longer than any id', `/v1/funnel?definition=${'d'.repeat(257)}`, 'querystring.definition', 'the id must be at most 256 characters'],
    ['a definition version beyond 32 bits', '/v1/funnel?definition=x@4294967297', 'querystring.definition', 'the version must be at most 2147483647'],
    ['a number in hexadecimal', '/v1/revenue-by-campaign?model=linear&lookbackDays=0x10', 'querystring.lookbackDays', 'must be a whole number written in digits'],
    ['a number beyond doubles', '/v1/revenue-by-campaign?model=time_decay&halfLifeDays=1e400', 'querystring.halfLifeDays', 'must be a decimal number such as 7 or 0.5'],
    ['a sample beyond its bound', '/v1/lead-definitions/compare?candidate=x@1&sample=1001', 'querystring.sample', 'must be at most 1000'],
    ['NUL in a definition id', '/v1/lead-definitions?definitionId=%00', 'querystring.definitionId', 'must not contain the NUL character'],
    ['NUL in a path parameter', '/v1/deals/d%00x/journey', 'params.dealId', 'must not contain the NUL character'],
    ['a path escape that is not UTF-8', '/v1/deals/d1%ED%A0%80/journey', 'params', 'must be percent-encoded UTF-8'],
    ['a path parameter longer than any id', `/v1/deals/${'d'.repeat(300)}/journey`, 'params.dealId', 'must be at most 256 characters'],
    ['NUL in a job id', '/v1/replays/%00', 'params.jobId', 'must not contain the NUL character'],
  ])('answers %s with 400 at its path', async (_label, url, path, message) => {
    const { status, body } = await get(url)
    expect(status).toBe(400)
    expect(body.errors).toEqual([{ path, message }])
  })

  it('refuses versions beyond what every store holds in replay and activation', async () => {
    for (const action of ['replay', 'activate']) {
      const answer = await inject({ method: 'POST', url: `/v1/lead-definitions/intent-and-fit/${action}?version=4294967297` })
      expect(answer).toMatchObject({ status: 400, body: { errors: [{ path: 'querystring.version', message: 'must be at most 2147483647' }] } })
    }
    const notAVersion = await inject({ method: 'POST', url: '/v1/lead-definitions/intent-and-fit/activate?version=1e3' })
    expect(notAVersion.body.errors).toEqual([{ path: 'querystring.version', message: 'must be a whole number written in digits' }])
  })

  it('serves the JSON Schema of what producers may send', async () => {
    await waitUntilProjected(running.url)
    const { body } = await get('/v1/schema/events')
    const types = body.oneOf.map((branch: { properties: { type: { const: string } } }) => branch.properties.type.const)
    expect(types).toHaveLength(15)
    expect(types).not.toContain('attribution_model.saved')
  })
})
