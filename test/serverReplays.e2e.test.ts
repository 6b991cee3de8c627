import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClickHouse, type ClickHouse } from '@attribution/clickhouse'
import { loadReplayJobs } from '@attribution/read-model'
import { openApiServer, openProjection, type ApiServer, type Projection } from '@attribution/cli'
import { embeddedPaths, loadConfig, type Config } from '@attribution/config'
import { simulate } from '@attribution/simulation'
import { temporaryDataDir } from './support/engine.ts'
import { eventually } from './support/eventually.ts'
import { exampleDocument } from './support/leadDefinitions.ts'
import { freshDatabase } from './support/postgres.ts'

/**
 * The server deployment's `serve` and `project` as the commands compose them, each with stores of its own opened from
 * the same configuration: they share the event store (PostgreSQL) and ClickHouse, and nothing else. (chDB holds one
 * data directory per process, so both run in this one; with a ClickHouse server they are separate processes.)
 */
describe('the server deployment: the API records replays, the projector runs them', () => {
  const data = temporaryDataDir('server-replays')
  let database: { url: string; drop(): Promise<void> }
  let config: Config
  const apis: ApiServer[] = []
  let projecting: Projection | undefined
  let clickhouse: ClickHouse

  const send = async (api: ApiServer, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const yaml = typeof payload === 'string'
    const response = await api.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: yaml ? payload : JSON.stringify(payload), headers: { 'content-type': yaml ? 'application/yaml' : 'application/json' } }),
    })
    return { status: response.statusCode, body: response.json() }
  }

  beforeAll(async () => {
    database = await freshDatabase('server_replays')
    config = loadConfig({ dataDir: data.dir, eventStoreUrl: database.url }, {})
    apis.push(await openApiServer(config), await openApiServer(config))
    clickhouse = await openClickHouse({ path: embeddedPaths(config).clickhouse, database: config.clickhouseDatabase })
  })
  afterAll(async () => {
    await projecting?.stop()
    for (const api of apis) await api.stop()
    await clickhouse.close()
    await database.drop()
    data.remove()
  })

  it('runs a replay requested through one API instance in the projector, and any instance reports it to the end', async () => {
    const [first, second] = apis as [ApiServer, ApiServer]
    const history = [...simulate({ accounts: 6, seed: 9 })]
    expect((await send(first, 'POST', '/v1/events', history)).body).toMatchObject({ accepted: history.length })
    expect((await send(first, 'POST', '/v1/lead-definitions', exampleDocument('intent-and-fit'))).status).toBe(201)
    const requested = await send(first, 'POST', '/v1/lead-definitions/intent-and-fit/replay')
    expect(requested.status).toBe(202)
    const { jobId, statusUrl } = requested.body

    // The API runs nothing: with no projector, the job stays as it was recorded, and the other instance reports it.
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect((await loadReplayJobs(clickhouse, { jobId })).map(({ state, personsTotal }) => [state, personsTotal])).toEqual([['requested', 0]])
    expect((await send(second, 'GET', statusUrl)).body).toMatchObject({ jobId, state: 'running', eventsProcessed: 0, personsTotal: 0 })
    const again = await send(second, 'POST', '/v1/lead-definitions/intent-and-fit/replay')
    expect(again).toMatchObject({ status: 409, body: { message: `intent-and-fit@1 is being replayed already: follow GET /v1/replays/${jobId}` } })
    // The instance that took the request can go: it holds no part of the job.
    await first.stop()
    apis.shift()

    projecting = await openProjection(config)
    await projecting.start()
    await eventually(async () => (await send(second, 'GET', statusUrl)).body.state !== 'running', 'the projector ran the replay')
    const job = (await send(second, 'GET', statusUrl)).body
    expect(job).toMatchObject({ jobId, state: 'done', eventsTotal: history.length + 1, eventsProcessed: history.length + 1 })
    expect(job.personsTotal).toBeGreaterThan(0)
    expect(job.personsProcessed).toBe(job.personsTotal)

    // A fresh instance knows the job too, and the version can be activated.
    const third = await openApiServer(config)
    apis.push(third)
    expect((await send(third, 'GET', statusUrl)).body).toEqual(job)
    expect((await send(third, 'POST', '/v1/lead-definitions/intent-and-fit/activate')).body).toEqual({
      active: { definitionId: 'intent-and-fit', version: 1 },
      changed: true,
    })
  })
})
