import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClickHouse } from '@attribution/clickhouse'
import { buildApp, type ApiPorts, type Registry } from '@attribution/api'
import { apiPorts, projection, type Projection } from '@attribution/cli'
import { loadConfig } from '@attribution/config'
import { attributionModelStream, leadDefinitionActivationStream, leadDefinitionStream } from '@attribution/contracts'
import { openEventStore, type EventStore } from '@attribution/event-store'
import { simulate } from '@attribution/simulation'
import { dropDatabase, freshClickHouse } from './support/clickhouse.ts'
import { eventually } from './support/eventually.ts'
import { exampleDocument } from './support/leadDefinitions.ts'
import { freshDatabase } from './support/postgres.ts'

const fit1 = exampleDocument('intent-and-fit')
/** Version 2 of the same definition, a few points stricter. */
const fit2 = fit1.replace(/^version: 1$/m, 'version: 2').replace(/threshold: (\d+)/, (_, points) => `threshold: ${Number(points) + 5}`)

/**
 * The registry with every append held until `readers` requests have read `streamId`: each of them decides on the
 * stream as it was before any of them appended, which is what requests racing each other do at worst.
 */
function racing(registry: Registry, streamId: string, readers: number): Registry {
  let reads = 0
  let allRead!: () => void
  const everyoneHasRead = new Promise<void>((resolve) => (allRead = resolve))
  return {
    async readStream(id) {
      const events = await registry.readStream(id)
      if (id === streamId && ++reads === readers) allRead()
      return events
    },
    async append(events, options) {
      await everyoneHasRead
      return registry.append(events, options)
    },
  }
}

type FastifyInstance = Awaited<ReturnType<typeof buildApp>>
type Answer = { status: number; body: any; etag: string | undefined }

describe('decisions on the event store, against PostgreSQL and ClickHouse', () => {
  const config = loadConfig({}, {})
  let store: EventStore
  let clickhouse: ClickHouse
  let database: { url: string; drop(): Promise<void> }
  let ports: ApiPorts
  let app: FastifyInstance
  let projecting: Projection | undefined
  const apps: FastifyInstance[] = []

  /** The API over the same stores, its registry held as `racing` holds it. */
  const racingApi = async (streamId: string, readers: number) => {
    const racingApp = await buildApp({ ...ports, registry: racing(store, streamId, readers) })
    apps.push(racingApp)
    return racingApp
  }
  const send = async (on: FastifyInstance, method: 'POST' | 'PUT' | 'GET', url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const yaml = typeof payload === 'string'
    const response = await on.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: yaml ? payload : JSON.stringify(payload) }),
      headers: { ...(payload === undefined ? {} : { 'content-type': yaml ? 'application/yaml' : 'application/json' }), ...headers },
    })
    return { status: response.statusCode, body: response.json(), etag: response.headers.etag as string | undefined }
  }
  const streamData = async (streamId: string) => (await store.readStream(streamId)).map(({ event }) => event.data)
  const replayToTheEnd = async (definitionId: string, version: number) => {
    const started = await send(app, 'POST', `/v1/lead-definitions/${definitionId}/replay?version=${version}`)
    expect(started.status).toBe(202)
    await eventually(async () => (await send(app, 'GET', started.body.statusUrl)).body.state === 'done', `${definitionId}@${version} replayed`)
  }

  beforeAll(async () => {
    database = await freshDatabase('decisions')
    store = await openEventStore(database.url)
    clickhouse = await freshClickHouse('decisions')
    ports = apiPorts(config, store, clickhouse, store)
    app = await buildApp(ports)
    await store.append([...simulate({ accounts: 8, seed: 5 })])
  })
  afterAll(async () => {
    for (const each of [app, ...apps]) await each.close()
    await projecting?.stop()
    await store.close()
    await dropDatabase(clickhouse)
    await database.drop()
  })

  it('replays a version the moment it is published, before the read model has it, and not one never published', async () => {
    expect((await send(app, 'POST', '/v1/lead-definitions', fit1)).status).toBe(201)
    // No projector runs yet: the read model knows nothing of the publication.
    expect((await send(app, 'GET', '/v1/lead-definitions')).body.definitions).toEqual([])

    const started = await send(app, 'POST', '/v1/lead-definitions/intent-and-fit/replay')
    expect(started.status).toBe(202)
    expect((await send(app, 'GET', started.body.statusUrl)).body).toMatchObject({ state: 'running', version: 1 })
    const never = await send(app, 'POST', '/v1/lead-definitions/intent-and-fit/replay?version=7')
    expect(never).toMatchObject({ status: 404, body: { message: expect.stringContaining('intent-and-fit@7 is not published') } })

    // The projector takes the job up, waits until it has applied the publication, then replays all of history under it.
    projecting = projection(config, store, clickhouse)
    await projecting.start()
    await eventually(async () => (await send(app, 'GET', started.body.statusUrl)).body.state === 'done', 'the replay is done')
    const job = (await send(app, 'GET', started.body.statusUrl)).body
    expect(job.personsTotal).toBeGreaterThan(0)
    expect(job.personsProcessed).toBe(job.personsTotal)
    expect((await send(app, 'GET', '/v1/lead-definitions')).body.definitions).toEqual([
      expect.objectContaining({ definitionId: 'intent-and-fit', version: 1, replayed: true }),
    ])
  })

  it('of two publications of one version racing, one is recorded: the same document is a repeat, another one a conflict', async () => {
    const sameDocument = await racingApi(leadDefinitionStream('intent-and-fit'), 2)
    const both = await Promise.all([send(sameDocument, 'POST', '/v1/lead-definitions', fit2), send(sameDocument, 'POST', '/v1/lead-definitions', fit2)])
    expect(both.map(({ status, body }) => [status, body.published]).sort()).toEqual([
      [200, false],
      [201, true],
    ])

    const fit3 = fit2.replace(/^version: 2$/m, 'version: 3')
    const otherDocument = await racingApi(leadDefinitionStream('intent-and-fit'), 2)
    const rivals = await Promise.all([
      send(otherDocument, 'POST', '/v1/lead-definitions', fit3),
      send(otherDocument, 'POST', '/v1/lead-definitions', fit3.replace(/threshold: (\d+)/, (_, points) => `threshold: ${Number(points) + 1}`)),
    ])
    expect(rivals.map(({ status }) => status).sort()).toEqual([201, 409])
    expect(rivals.find(({ status }) => status === 409)?.body.message).toBe('intent-and-fit version 3 is already published with another document; publish version 4')
    expect((await streamData(leadDefinitionStream('intent-and-fit'))).map((data) => (data as { version: number }).version)).toEqual([1, 2, 3])
  })

  it('of two activations of different versions racing, exactly one is recorded; the other is refused with the winner', async () => {
    await replayToTheEnd('intent-and-fit', 2)
    const activating = await racingApi(leadDefinitionActivationStream, 2)
    const answers = await Promise.all([
      send(activating, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=1'),
      send(activating, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=2'),
    ])

    expect(answers.map(({ status }) => status).sort()).toEqual([200, 409])
    const won = answers.find(({ status }) => status === 200)!.body
    expect(won.changed).toBe(true)
    const winner = `intent-and-fit@${won.active.version}`
    expect(answers.find(({ status }) => status === 409)!.body.message).toMatch(new RegExp(`^${winner} was activated while this request was being decided`))
    expect(await streamData(leadDefinitionActivationStream)).toEqual([won.active])
    expect((await send(app, 'GET', '/v1/lead-definitions')).body.active).toEqual(won.active)
  })

  it('of two activations of the same version racing, one is recorded and the other answers that nothing changed', async () => {
    const active = (await send(app, 'GET', '/v1/lead-definitions')).body.active
    const other = { definitionId: 'intent-and-fit', version: active.version === 1 ? 2 : 1 }
    const activating = await racingApi(leadDefinitionActivationStream, 2)
    const url = `/v1/lead-definitions/intent-and-fit/activate?version=${other.version}`
    const answers = await Promise.all([send(activating, 'POST', url), send(activating, 'POST', url)])

    expect(answers.map(({ status, body }) => [status, body.changed]).sort()).toEqual([
      [200, false],
      [200, true],
    ])
    expect(await streamData(leadDefinitionActivationStream)).toEqual([active, other])
    expect((await send(app, 'GET', '/v1/lead-definitions')).body.active).toEqual(other)
  })

  it('records racing saves of a custom model one after the other, the second holding; If-Match lets only one of them through', async () => {
    const saving = await racingApi(attributionModelStream('ours'), 2)
    const saves = await Promise.all([
      send(saving, 'PUT', '/v1/attribution/models/ours', { weights: { FT: 100 } }),
      send(saving, 'PUT', '/v1/attribution/models/ours', { weights: { LC: 100 } }),
    ])
    expect(saves.map(({ status, etag }) => [status, etag]).sort()).toEqual([
      [202, '"0"'],
      [202, '"1"'],
    ])
    const second = saves.find(({ etag }) => etag === '"1"')!.body.weights
    const recorded = (await streamData(attributionModelStream('ours'))) as { weights: Record<string, number> }[]
    expect(recorded.map(({ weights }) => weights)).toEqual([saves.find(({ etag }) => etag === '"0"')!.body.weights, second].map(chosen))
    await eventually(async () => (await send(app, 'GET', '/v1/attribution/models')).body.models[0]?.savedAt != null, 'the saves projected')
    await eventually(async () => (await projecting!.projector.status()).lag === 0, 'the projector caught up')
    expect((await send(app, 'GET', '/v1/attribution/models')).body.models).toEqual([expect.objectContaining({ name: 'ours', weights: second })])

    const conditional = await racingApi(attributionModelStream('ours'), 2)
    const ifMatch = { 'if-match': '"1"' }
    const rivals = await Promise.all([
      send(conditional, 'PUT', '/v1/attribution/models/ours', { weights: { OC: 100 } }, ifMatch),
      send(conditional, 'PUT', '/v1/attribution/models/ours', { weights: { CW: 100 } }, ifMatch),
    ])
    expect(rivals.map(({ status, etag }) => [status, etag ?? null]).sort()).toEqual([
      [202, '"2"'],
      [412, null],
    ])
    expect(rivals.find(({ status }) => status === 412)!.body.message).toMatch(/^ours is at revision 2: it was saved again since revision 1; /)
    expect(await streamData(attributionModelStream('ours'))).toHaveLength(3)

    const never = await send(app, 'PUT', '/v1/attribution/models/nobody', { weights: { FT: 100 } }, { 'if-match': '"0"' })
    expect(never).toMatchObject({ status: 412, body: { message: expect.stringMatching(/^nobody was never saved; /) } })
    const garbled = await send(app, 'PUT', '/v1/attribution/models/ours', { weights: { FT: 100 } }, { 'if-match': 'W/"x"' })
    expect(garbled).toMatchObject({ status: 400, body: { errors: [{ path: 'headers.if-match', message: expect.stringContaining('ETag') }] } })
    expect(await store.readStream(attributionModelStream('nobody'))).toEqual([])
  })
})

/** The weights as the saved event records them: only the positions weighed. */
function chosen(weights: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(weights).filter(([, percent]) => percent > 0))
}
