import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { maxIdLength, validateEvent, type Event } from '@attribution/contracts'
import { bodyLimits } from '@attribution/api'
import { attributionLevels, attributionModels } from '@attribution/domain'
import { simulate } from '@attribution/simulation'
import { answerProblems, exchange, isIngestAnswer, summarisedLog } from './support/fuzz/answers.ts'
import { manyKeys, overLimit, refusedBody } from './support/fuzz/bodies.ts'
import { deeplyNestedWeights, modelRequest, type ModelRequest } from './support/fuzz/customModels.ts'
import { definitionAction, type DefinitionAction } from './support/fuzz/definitionActions.ts'
import { useEngineProcesses, type Answer, type EngineProcess } from './support/fuzz/engineProcess.ts'
import type { InjectRequest } from './support/fuzz/engineProtocol.ts'
import { hasCrowdedObject, ingestRequest, validEvent, type IngestRequest } from './support/fuzz/events.ts'
import { Ledger, writtenTypes } from './support/fuzz/ledger.ts'
import { backtrackingPattern, documentOf, exampleTexts, hostileDefinition, publishableDefinition, type DefinitionRequest } from './support/fuzz/leadDefinitions.ts'
import { retryRequest, type RetryRequest } from './support/fuzz/quarantine.ts'
import { decodedQueryValue, operationRequest, operationsOf, schemaAccepts, type Operation, type QueryRequest } from './support/fuzz/openApi.ts'

/**
 * The fuzz suite: every write route and every query parameter of the embedded engine, fed valid, mutated and hostile
 * input by fast-check. Whatever it is sent, the engine answers within 5 s (`answerBoundMs`), never with a server error, refuses
 * with `{ error, message, errors? }` in a bounded answer, refuses what its contract refuses and takes what it takes;
 * and afterwards it still answers, holds every event it took exactly once, and counts them as a reference engine fed
 * only those events counts them, to the cent.
 *
 * Seeded: FUZZ_SEED=<n> replays another run (the whole file: each property starts from what the ones before stored).
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_123)

/** A small realistic history (895 events, 11 deals, 3 won): the valid events the fuzz mutates and must count once. */
const history = [...simulate({ accounts: 20, seed: 1 })]
const json = { 'content-type': 'application/json' }

describe('the engine under fuzzed input', () => {
  const engines = useEngineProcesses('fuzzed', 'reference')
  const ledger = new Ledger()
  let operations: Operation[] = []
  const jobIds: string[] = []
  const tally = { inputs: 0, requests: 0, events: 0, started: performance.now() }

  /** Sends a request to the fuzzed engine and holds the answer to what any answer must be. */
  async function send(request: InjectRequest, events = 0): Promise<Answer> {
    const answer = await engines.fuzzed.request(request)
    tally.requests++
    expect(answerProblems(request, answer, events), exchange(request, answer)).toEqual([])
    return answer
  }

  /**
   * Checks `check` on inputs of `arbitrary`, seeded, until `runs` passed or `seconds` are spent (shrinking included):
   * a slow machine runs fewer inputs. The time is checked between inputs, never during one (fast-check's own time
   * limit would abandon a request under way to the next test). Once the engine is stuck every input would fail, so
   * later ones are skipped: the input that stuck it stays the counterexample. So for a property that
   * `needsProjector`, once the projector has stopped.
   */
  async function fuzz<T>(
    arbitrary: fc.Arbitrary<T>,
    { runs, seconds }: { runs: number; seconds: number },
    check: (input: T) => Promise<void>,
    options: { examples?: [T][]; shrink?: boolean; needsProjector?: boolean } = {},
  ) {
    const engine = engines.fuzzed
    engine.assertAnswering()
    if (options.needsProjector) engine.assertProjecting()
    const deadline = performance.now() + seconds * 1_000
    const property = fc.asyncProperty(arbitrary, async (input) => {
      if (performance.now() > deadline) throw new fc.PreconditionFailure(true)
      fc.pre(engine.stuck === undefined && !(options.needsProjector && engine.projectorStopped))
      tally.inputs++
      await check(input)
    })
    const parameters = { seed, numRuns: runs, examples: options.examples ?? [], endOnFailure: options.shrink === false }
    await fc.assert(property, parameters).catch((error: Error) => {
      error.message = `${error.message}\n(seeded: FUZZ_SEED=${seed} pnpm vitest run test/fuzz.e2e.test.ts replays this run)`
      throw error
    })
  }

  /** Stores valid events on the fuzzed engine: each new one taken, each known one a duplicate, none refused. */
  async function ingest(events: readonly unknown[]): Promise<void> {
    for (let start = 0; start < events.length; start += 1_000) {
      const batch = events.slice(start, start + 1_000)
      const request: InjectRequest = { method: 'POST', url: '/v1/events', headers: json, payload: JSON.stringify(batch) }
      const answer = await send(request, batch.length)
      const fresh = ledger.newEvents(batch)
      ledger.recordStored(fresh)
      expect(answer.body, exchange(request, answer)).toEqual({ accepted: fresh.length, duplicates: batch.length - fresh.length, rejected: [] })
    }
  }

  async function waitUntilProjected(engine: EngineProcess, timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs
    let status: unknown
    while (performance.now() < deadline) {
      engine.assertProjecting()
      const request: InjectRequest = { method: 'GET', url: '/v1/status' }
      const answer = await engine.request(request)
      expect(answer.status, exchange(request, answer)).toBe(200)
      status = answer.body
      if ((status as { projections: { lag: number }[] }).projections.every(({ lag }) => lag === 0)) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const log = engine.recentLog.length > 0 ? `\nthe engine logged lately:\n${summarisedLog(engine.recentLog)}` : ''
    throw new Error(`the projector still lags after ${timeoutMs} ms: ${JSON.stringify(status)}${log}`)
  }

  /** Publishes a definition; one the engine says it published goes into the ledger with the document it keeps. */
  async function publish(definition: DefinitionRequest): Promise<Answer> {
    const request: InjectRequest = { method: 'POST', url: '/v1/lead-definitions', headers: definition.headers, payload: definition.payload }
    const answer = await send(request)
    const published = answer.body as { definitionId: string; version: number }
    if (answer.status === 201) {
      ledger.definitions.set(`${published.definitionId}@${published.version}`, documentOf(definition))
      ledger.written['lead_definition.published']++
    }
    return answer
  }

  /**
   * Replays a published version to the end: the job's final state, or the last seen after `timeoutMs`. It waits for
   * the projector first: a replay reads the version from the projection.
   */
  async function replay(definitionId: string, version: number, timeoutMs = 30_000): Promise<{ jobId: string; state: string }> {
    await waitUntilProjected(engines.fuzzed)
    const request: InjectRequest = { method: 'POST', url: `/v1/lead-definitions/${definitionId}/replay?version=${version}` }
    const started = await send(request)
    expect(started.status, exchange(request, started)).toBe(202)
    ledger.replays.add(`${definitionId}@${version}`)
    const { jobId } = started.body as { jobId: string }
    const deadline = performance.now() + timeoutMs
    let state = 'running'
    while (state === 'running' && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      state = ((await send({ method: 'GET', url: `/v1/replays/${jobId}` })).body as { state: string }).state
    }
    return { jobId, state }
  }

  /**
   * Half the history stored, both shipped definitions published and replayed and one active, a custom model saved:
   * the state the fuzz starts from, so queries and actions have something to find.
   */
  beforeAll(async () => {
    operations = operationsOf((await send({ method: 'GET', url: '/docs/json' })).body as never)
    await ingest(history.slice(0, history.length / 2))
    for (const text of exampleTexts) {
      const { id, version } = parse(text) as { id: string; version: number }
      expect((await publish({ how: id, headers: { 'content-type': 'application/yaml' }, payload: text, verdict: 'valid', refusedWith: [] })).status).toBe(201)
      const job = await replay(id, version)
      expect(job.state).toBe('done')
      jobIds.push(job.jobId)
    }
    expect((await send({ method: 'POST', url: '/v1/lead-definitions/activity-based/activate?version=1' })).status).toBe(200)
    ledger.active = 'activity-based@1'
    ledger.written['lead_definition.activated']++
    const saved = await send({ method: 'PUT', url: '/v1/attribution/models/fz-saved', headers: json, payload: JSON.stringify({ weights: { FT: 50, LC: 50 } }) })
    expect(saved.status).toBe(202)
    ledger.written['attribution_model.saved']++
    await waitUntilProjected(engines.fuzzed)
  }, 180_000)

  afterAll(() => {
    const seconds = ((performance.now() - tally.started) / 1000).toFixed(0)
    console.info(`fuzz: ${tally.inputs} fuzzed inputs, ${tally.requests} requests (${tally.events} events in them) in ${seconds} s; FUZZ_SEED=${seed}`)
  })

  it('fuzzes every write route the OpenAPI document lists', () => {
    const writes = operations.filter(({ method }) => method !== 'GET').map(({ method, path }) => `${method} ${path}`)
    expect(writes.sort()).toEqual([
      'POST /v1/channel-rules',
      'POST /v1/channel-rules/{rulesId}/activate',
      'POST /v1/channel-rules/{rulesId}/replay',
      'POST /v1/events',
      'POST /v1/lead-definitions',
      'POST /v1/lead-definitions/{definitionId}/activate',
      'POST /v1/lead-definitions/{definitionId}/replay',
      'POST /v1/persons/{personId}/erase',
      'POST /v1/quarantine/retry',
      'PUT /v1/attribution/models/{name}',
    ])
  })

  it('POST /v1/events: every event at the edges of what the contract takes is taken and projected: the projector never stops on one', async () => {
    // Before the fuzz below, whose batches could stop the projector first and leave nothing here to find; one event
    // at a time, as a stopped projector cannot be asked which of several stopped it.
    await fuzz(
      validEvent(history),
      { runs: 25, seconds: 15 },
      async ({ value, how }) => {
        const request: InjectRequest = { method: 'POST', url: '/v1/events', headers: json, payload: JSON.stringify([value]) }
        tally.events++
        const answer = await send(request, 1)
        const fresh = ledger.newEvents([value])
        ledger.recordStored(fresh)
        expect(answer.body, `${how}: ${exchange(request, answer)}`).toEqual({ accepted: fresh.length, duplicates: 1 - fresh.length, rejected: [] })
        await waitUntilProjected(engines.fuzzed, 20_000)
      },
      { needsProjector: true },
    )
  }, 300_000)

  it('POST /v1/events: refuses every event the contract refuses, takes every valid one once, in any batch', async () => {
    await fuzz(ingestRequest(history), { runs: 500, seconds: 25 }, async ({ events, asObject }: IngestRequest) => {
      const body = asObject ? events[0]?.value : events.map(({ value }) => value)
      const request: InjectRequest = { method: 'POST', url: '/v1/events', headers: json, payload: JSON.stringify(body) }
      tally.events += events.length
      const answer = await send(request, events.length)
      // An object with more fields than any in the contract is refused with the whole body, before it is parsed: V8
      // takes seconds to build one of millions of fields. Nothing of such a request is stored.
      if (events.some(({ value }) => hasCrowdedObject(value))) {
        expect({ status: answer.status, ingestAnswer: isIngestAnswer(answer.body) }, exchange(request, answer)).toEqual({ status: 400, ingestAnswer: false })
        return
      }
      const rejected = isIngestAnswer(answer.body) ? answer.body.rejected : []
      const refused = new Set(rejected.map(({ index }) => index))
      const valid = events.filter((_, index) => !refused.has(index)).map(({ value }) => value)
      const fresh = ledger.newEvents(valid)
      ledger.recordStored(fresh)
      expect(
        {
          status: answer.status,
          shape: isIngestAnswer(answer.body),
          accepted: (answer.body as { accepted?: unknown }).accepted,
          duplicates: (answer.body as { duplicates?: unknown }).duplicates,
          refusedOutOfRange: [...refused].filter((index) => !(index >= 0 && index < events.length)),
          validButRefused: events.filter(({ verdict }, index) => verdict === 'valid' && refused.has(index)).map(({ how }) => how),
          invalidButTaken: events.filter(({ verdict }, index) => verdict === 'refused' && !refused.has(index)).map(({ how }) => how),
        },
        exchange(request, answer),
      ).toEqual({
        status: valid.length === 0 && events.length > 0 ? 400 : 202,
        shape: true,
        accepted: fresh.length,
        duplicates: valid.length - fresh.length,
        refusedOutOfRange: [],
        validButRefused: [],
        invalidButTaken: [],
      })
    })
  }, 300_000)

  it('POST /v1/events: refuses whole, in time, bodies that are not JSON events: not UTF-8, cut short, nested deep, huge, mistyped', async () => {
    await fuzz(
      refusedBody(history),
      { runs: 80, seconds: 20 },
      async (body) => {
        const request: InjectRequest = { method: 'POST', url: '/v1/events', headers: body.headers, payload: body.payload }
        const answer = await send(request, 3)
        expect(body.refusedWith, exchange(request, answer)).toContain(answer.status)
      },
      { examples: [[manyKeys(2_500_000, 'raw-2.5-million-keys')], [overLimit(33 * 2 ** 20)]] },
    )
  }, 300_000)

  it('POST /v1/lead-definitions: publishes each version once, and never another document under it', async () => {
    await fuzz(publishableDefinition, { runs: 80, seconds: 8 }, async (definition) => {
      const kept = ledger.definitions.get(definition.key ?? '')
      const expected = kept === undefined ? 201 : kept === documentOf(definition) ? 200 : 409
      const answer = await publish(definition)
      const [definitionId, version] = (definition.key ?? '').split('@')
      const body = expected === 409 ? expect.objectContaining({ error: 'Conflict' }) : { definitionId, version: Number(version), published: expected === 201 }
      expect({ status: answer.status, body: answer.body }, `${definition.how} -> ${answer.text.slice(0, 300)}`).toEqual({ status: expected, body })
    }, { needsProjector: true })
  }, 300_000)

  it('POST /v1/lead-definitions: refuses, in time, invalid documents, YAML bombs, deep nesting, NUL, bytes that are not UTF-8, versions past 2^31 - 1', async () => {
    await fuzz(hostileDefinition, { runs: 120, seconds: 12 }, async (definition) => {
      const answer = await publish(definition)
      const allowed = definition.verdict === 'refused' ? definition.refusedWith : [200, 201, 400, 409]
      expect(allowed, `${definition.how} -> ${answer.status} ${answer.text.slice(0, 300)}`).toContain(answer.status)
    })
  }, 300_000)

  it('PUT /v1/attribution/models/{name}: saves valid weights under every name its schema takes, refuses the rest', async () => {
    const nested: ModelRequest = { name: 'fz-model', nameValid: true, payload: deeplyNestedWeights(10_000), weightsValid: false, how: 'weights nested 10,000 deep' }
    await fuzz(
      modelRequest,
      { runs: 300, seconds: 8 },
      async (model) => {
        const request: InjectRequest = { method: 'PUT', url: `/v1/attribution/models/${model.name}`, headers: json, payload: model.payload }
        const answer = await send(request)
        if (answer.status === 202) ledger.written['attribution_model.saved']++
        const allowed =
          Buffer.byteLength(model.payload) > bodyLimits.other
            ? [413]
            : !model.nameValid
              ? [400, 404, 414]
              : model.weightsValid === true
                ? [202]
                : model.weightsValid === false
                  ? [400]
                  : [202, 400]
        expect(allowed, `${model.how}: ${exchange(request, answer)}`).toContain(answer.status)
      },
      { examples: [[nested]] },
    )
  }, 300_000)

  it('POST /v1/lead-definitions/{id}/replay and /activate: refuse hostile ids and versions, and never take one for a published version', async () => {
    const versionSchema = (action: string) =>
      operations.find(({ method, path }) => method === 'POST' && path.endsWith(`/${action}`))?.parameters.find(({ name }) => name === 'version')?.schema ?? {}
    await fuzz(definitionAction, { runs: 120, seconds: 10 }, async ({ action, definitionId, version }: DefinitionAction) => {
      const request: InjectRequest = { method: 'POST', url: `/v1/lead-definitions/${definitionId}/${action}${version === undefined ? '' : `?version=${version}`}` }
      const { allowed, key } = expectedForAction(action, definitionId, version, versionSchema(action))
      const answer = await send(request)
      if (action === 'replay' && answer.status === 202) ledger.replays.add(key ?? '')
      if (action === 'activate' && (answer.body as { changed?: boolean }).changed === true) {
        ledger.active = key
        ledger.written['lead_definition.activated']++
      }
      expect(allowed, exchange(request, answer)).toContain(answer.status)
    }, { needsProjector: true })
  }, 300_000)

  it('POST /v1/channel-rules and its replay and activate: refuse hostile documents, ids and versions, and write nothing', async () => {
    // Nothing here may be published: the fuzzed engine must keep classifying touches as the reference engine does.
    await fuzz(hostileDefinition, { runs: 60, seconds: 8 }, async (definition) => {
      const request: InjectRequest = { method: 'POST', url: '/v1/channel-rules', headers: definition.headers, payload: definition.payload }
      const answer = await send(request)
      // A lead definition, valid or not, is no set of channel rules (it has no `rules`, and fields rules do not know).
      const allowed = definition.verdict === 'refused' ? [...definition.refusedWith, 400] : [400]
      expect(allowed, `${definition.how} -> ${answer.status} ${answer.text.slice(0, 300)}`).toContain(answer.status)
    })
    await fuzz(definitionAction, { runs: 60, seconds: 6 }, async ({ action, definitionId, version }: DefinitionAction) => {
      const request: InjectRequest = { method: 'POST', url: `/v1/channel-rules/${definitionId}/${action}${version === undefined ? '' : `?version=${version}`}` }
      const answer = await send(request)
      // No rules are published: every id and version names nothing, or is refused as no id or version.
      expect([400, 404, 414], exchange(request, answer)).toContain(answer.status)
    })
  }, 300_000)

  /**
   * What a replay or an activation may answer, given the ledger, and the version (`id@version`) it names: 4xx for
   * what names no published version, and only for that.
   */
  function expectedForAction(action: DefinitionAction['action'], definitionId: string, version: string | undefined, schema: object) {
    const clientErrors = { allowed: [400, 404, 414], key: undefined }
    let id: string
    try {
      id = decodeURIComponent(definitionId)
    } catch {
      return clientErrors
    }
    // Longer path parameters are refused by fastify's router (maxParamLength), and no definition id is that long; a
    // dot segment is resolved away (`/v1/lead-definitions/../activate` is `/v1/activate`), as URLs are.
    if (definitionId.length > 100 || id === '.' || id === '..') return clientErrors
    const decoded = version === undefined ? undefined : decodedQueryValue(version)
    if (decoded !== undefined && !schemaAccepts(schema, decoded)) return { allowed: [400], key: undefined }
    const published = ledger.versionsOf(id)
    const wanted = decoded === undefined ? published[0] : Number(decoded)
    // An id no store could hold (NUL, a lone surrogate) is refused as such before it is looked up.
    if (wanted === undefined || !published.includes(wanted)) return { allowed: [400, 404], key: undefined }
    const key = `${id}@${wanted}`
    if (action === 'replay') return { allowed: [202, 409], key }
    if (ledger.active === key) return { allowed: [200], key }
    return { allowed: ledger.replays.has(key) ? [200, 202, 409] : [409], key }
  }

  it('POST /v1/quarantine/retry: retries what it is asked to, refuses what names no event id', async () => {
    await fuzz(retryRequest, { runs: 150, seconds: 8 }, async (retry: RetryRequest) => {
      const request: InjectRequest = { method: 'POST', url: '/v1/quarantine/retry', headers: retry.headers, payload: retry.payload }
      const answer = await send(request)
      expect(retry.valid ? [202] : [400, 413, 415], exchange(request, answer)).toContain(answer.status)
      // Nothing the fuzz sent is quarantined (the projector keeps up), so there is nothing to retry.
      if (answer.status === 202) expect(answer.body, exchange(request, answer)).toEqual({ retrying: [] })
    })
  }, 300_000)

  it('POST /v1/persons/{personId}/erase: erases any id up to the bound, refuses the rest, and reports each erasure done', async () => {
    // Persons no fuzzed event names: events naming an erased one would be refused, and the ledger would not know it.
    const personId = fc.string({ unit: 'grapheme', minLength: 1, maxLength: maxIdLength }).map((tail) => `fz-erase-${tail}`)
    await fuzz(personId, { runs: 30, seconds: 10 }, async (id) => {
      const request: InjectRequest = { method: 'POST', url: `/v1/persons/${encodeURIComponent(id)}/erase` }
      const answer = await send(request)
      expect(answer.status, exchange(request, answer)).toBe(id.length <= maxIdLength ? 202 : 400)
      if (answer.status !== 202) return
      const { id: erasure } = answer.body as { id: string }
      await expect
        .poll(async () => ((await send({ method: 'GET', url: `/v1/erasures/${erasure}` })).body as { state: string }).state, { timeout: 20_000 })
        .toBe('done')
    })
  }, 300_000)

  it('GET: every query and path parameter the OpenAPI document names, valid values mixed with hostile ones', async () => {
    const deals = history.filter((event) => event.type === 'deal.created').map((event) => (event.data as { dealId: string }).dealId)
    const known = {
      definition: ['activity-based', 'activity-based@1', 'intent-and-fit@1'],
      base: ['activity-based@1'],
      candidate: ['intent-and-fit@1', 'intent-and-fit'],
      weights: ['ft:30,lc:30,oc:30,middle:10', 'ft:20,lc:20,mql:20,oc:30,middle:10', 'cw:100'],
      models: ['first_touch,w_shaped', 'linear', 'markov,shapley', 'custom,time_decay'],
      customModel: ['fz-saved'],
      definitionId: ['activity-based', 'intent-and-fit'],
      dealId: deals.slice(0, 5),
      jobId: jobIds,
    }
    const gets = operations.filter(({ method }) => method === 'GET')
    const request = fc.oneof(...gets.map((operation) => operationRequest(operation, known)))
    await fuzz(request, { runs: 1_500, seconds: 25 }, async ({ url, refused }: QueryRequest) => {
      const sent: InjectRequest = { method: 'GET', url }
      const answer = await send(sent)
      const refusedAsClientError = refused.length === 0 || (answer.status >= 400 && answer.status < 500)
      expect(refusedAsClientError, `${exchange(sent, answer)}\nrefused parameters: ${refused.join(', ')}`).toBe(true)
    })
  }, 300_000)

  it('a definition whose patterns backtrack: publishing refuses it, or its replay and the projector finish while the engine answers', async () => {
    let run = 0
    const scenario = fc.record({ pattern: backtrackingPattern, field: fc.constantFrom('content', 'channel', 'campaignId', 'title') })
    await fuzz(
      scenario,
      { runs: 3, seconds: 60 },
      async ({ pattern, field }) => {
        run++
        const id = `fz-backtrack-${run}`
        const victim = `fz-victim-${run}`
        // The longest text each field takes, of the character the pattern repeats: the worst case of a backtracking match.
        const text = (pattern[1] ?? 'a').repeat(field === 'content' ? 2048 : field === 'title' ? 1024 : 256)
        const rules =
          field === 'title'
            ? { fit: [{ name: 'hostile', points: 10, subject: 'person', attribute: 'title', matches: pattern }] }
            : { behaviour: [{ name: 'hostile', points: 10, match: { [field]: pattern } }] }
        const definition = { id, version: 1, name: 'Backtracking', ...rules, mql: { threshold: 5 } }
        const published = await publish({ how: pattern, headers: json, payload: JSON.stringify(definition), verdict: 'either', refusedWith: [] })
        expect([201, 400], exchange({ method: 'POST', url: '/v1/lead-definitions' }, published)).toContain(published.status)
        const touch = (n: number): Event => ({
          eventId: `${victim}-${n}`,
          type: 'touchpoint.recorded',
          occurredAt: `2026-0${n}-01T00:00:00Z`,
          data: {
            personId: victim,
            campaignId: field === 'campaignId' ? text : 'fz-campaign',
            channel: field === 'channel' ? text : 'web',
            touchType: 'page_view',
            content: field === 'content' ? text : '/x',
          },
        })
        const title = field === 'title' ? text : 'Analyst'
        const person: Event = {
          eventId: `${victim}-person`,
          type: 'person.updated',
          occurredAt: '2026-01-01T00:00:00Z',
          data: { personId: victim, attributes: { title } },
        }
        // Texts before the replay (its workers match them) and after it started (the projector keeps the candidate current).
        const replayedWithTexts = async () => {
          await ingest([person, touch(1)])
          const replayed = replay(id, 1)
          replayed.catch(() => undefined) // awaited below; until then its failure must not count as unhandled
          await ingest([touch(2)])
          await waitUntilProjected(engines.fuzzed, 30_000)
          return (await replayed).state
        }
        // Refused at the door, the pattern can hang nothing.
        const outcome = published.status === 201 ? await replayedWithTexts() : 'refused'
        expect(['done', 'refused']).toContain(outcome)
      },
      { shrink: false, needsProjector: true },
    )
  }, 300_000)

  it('afterwards: answers, holds every event it took exactly once and nothing else, and counts them as a reference engine fed only those', async () => {
    engines.fuzzed.assertAnswering()
    expect((await send({ method: 'GET', url: '/healthz' })).body).toEqual({ status: 'ok' })
    // The whole history again: what the fuzz already stored is a duplicate, the rest is taken now.
    await ingest(history)
    await waitUntilProjected(engines.fuzzed)

    const stored = await engines.fuzzed.storedEvents()
    const times = new Map<string, number>()
    for (const { eventId } of stored) times.set(eventId, (times.get(eventId) ?? 0) + 1)
    expect([...ledger.events.keys()].filter((id) => times.get(id) !== 1), 'events taken but not stored exactly once').toEqual([])
    const written = Object.fromEntries(writtenTypes.map((type) => [type, 0]))
    const unknown: string[] = []
    for (const event of stored.filter(({ eventId }) => !ledger.events.has(eventId))) {
      if (event.type in written) written[event.type] = (written[event.type] ?? 0) + 1
      else unknown.push(event.eventId)
    }
    expect({ written, unknown }, 'events stored besides those taken: only those the API wrote').toEqual({ written: ledger.written, unknown: [] })
    // As the engine's own: the store also holds the events the API wrote, which producers may not send.
    const readable = (event: Event) => validateEvent(event, { reportingCurrency: 'USD', origin: 'engine' }).ok
    const outside = stored.filter((event) => !readable(event)).map(({ eventId, type }) => `${type} ${eventId.slice(0, 80)}`)
    expect(outside, 'stored events the contract refuses').toEqual([])

    const taken = [...ledger.events.values()]
    for (let start = 0; start < taken.length; start += 1_000) {
      const batch = taken.slice(start, start + 1_000)
      const answer = await engines.reference.request({ method: 'POST', url: '/v1/events', headers: json, payload: JSON.stringify(batch) })
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { accepted: batch.length, duplicates: 0, rejected: [] } })
    }
    await waitUntilProjected(engines.reference)
    for (const model of attributionModels) {
      for (const level of attributionLevels) {
        for (const window of ['', '&from=2025-07-01&to=2026-01-01']) {
          const url = `/v1/revenue-by-campaign?model=${model}&level=${level}${window}`
          const request: InjectRequest = { method: 'GET', url }
          const [fuzzed, reference] = await Promise.all([send(request), engines.reference.request(request)])
          expect([fuzzed.status, reference.status], `fuzzed: ${exchange(request, fuzzed)}\nreference: ${exchange(request, reference)}`).toEqual([200, 200])
          expect(figures(fuzzed.body), url).toEqual(figures(reference.body))
        }
      }
    }
  }, 300_000)
})

type Figures = { pipeline: number; revenue: number; cost?: number; dealsCreated: number; dealsWon: number }
type Row = Figures & { campaignId: string | null; channel: string | null }

/**
 * What revenue-by-campaign counts, to the cent: pipeline, revenue and cost per row and in total, and what no touch
 * took. Fractional deal counts are sums of shares, compared to 1e-9. MQL figures are left out: the fuzzed engine
 * has definitions active, the reference none.
 */
function figures(body: unknown) {
  const { rows, totals, unattributed } = body as { rows: Row[]; totals: Figures; unattributed: Figures }
  const counted = ({ pipeline, revenue, cost, dealsCreated, dealsWon }: Figures) => ({
    pipeline: Math.round(pipeline * 100),
    revenue: Math.round(revenue * 100),
    cost: cost === undefined ? undefined : Math.round(cost * 100),
    dealsCreated: dealsCreated.toFixed(9),
    dealsWon: dealsWon.toFixed(9),
  })
  return {
    rows: rows.map((row) => ({ key: `${row.campaignId}/${row.channel}`, ...counted(row) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    totals: counted(totals),
    unattributed: counted(unattributed),
  }
}
