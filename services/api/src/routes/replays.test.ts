import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Event } from '@attribution/contracts'
import { activatedEvent, fakePorts, publishedEvent, replayJob, type FakePorts, type PortAnswers } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

/**
 * intent-and-fit is published in versions 1 to 3, in the event store: the routes decide on its stream, never on the
 * read model (a version published a moment ago may not be there yet), so the query of published versions has no answer.
 */
async function replayPorts(answers: PortAnswers = {}) {
  const ports = fakePorts({ ...answers, replays: { request: async (definition) => replayJob(definition), ...answers.replays } })
  await ports.registry.append([1, 2, 3].map((version) => publishedEvent('intent-and-fit', version)))
  return ports
}

/** How many appends the ports' registry had before the request: what the test put there. */
const seeded = (ports: FakePorts) => ports.registry.appends.length

async function inject(ports: FakePorts, method: 'GET' | 'POST', url: string) {
  const app = await buildApp(ports)
  return app.inject({ method, url })
}

describe('POST /v1/lead-definitions/:definitionId/replay', () => {
  it('starts a replay of the newest published version and answers 202 with where to follow it', async () => {
    const ports = await replayPorts()
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/replay')
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ jobId: 'replay-intent-and-fit-3', statusUrl: '/v1/replays/replay-intent-and-fit-3' })
    expect(ports.callsOf('queries.leadDefinitions')).toEqual([])
    expect(ports.callsOf('replays.request')).toEqual([[{ definitionId: 'intent-and-fit', version: 3 }]])
  })

  it('starts a replay of the version asked for', async () => {
    const ports = await replayPorts()
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/replay?version=2')
    expect(response.statusCode).toBe(202)
    expect(ports.callsOf('replays.request')).toEqual([[{ definitionId: 'intent-and-fit', version: 2 }]])
  })

  it.each([
    ['a version that is not published', '/v1/lead-definitions/intent-and-fit/replay?version=4', 'intent-and-fit@4'],
    ['a definition with no version published', '/v1/lead-definitions/nobody/replay', 'nobody'],
  ])('answers 404 for %s, starting nothing', async (_, url, named) => {
    const ports = await replayPorts()
    const response = await inject(ports, 'POST', url)
    expect(response.statusCode).toBe(404)
    expect(response.json()).toEqual({ error: 'Not Found', message: `${named} is not published; publish it with POST /v1/lead-definitions` })
    expect(ports.callsOf('replays.request')).toEqual([])
  })

  it.each([['0'], ['two'], ['2147483648']])('refuses version=%s with 400 and its path, asking nothing', async (version) => {
    const ports = await replayPorts()
    const response = await inject(ports, 'POST', `/v1/lead-definitions/intent-and-fit/replay?version=${version}`)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'querystring.version' }] })
    expect(ports.calls).toEqual([])
  })
})

describe('GET /v1/replays/:jobId', () => {
  it("answers a job's progress: events replayed, rate and time left", async () => {
    const startedAt = Date.UTC(2024, 5, 1, 12)
    const job = replayJob({ definitionId: 'intent-and-fit', version: 2, jobId: 'j-1', state: 'done', personsProcessed: 200, startedAt, updatedAt: startedAt + 4_000, finishedAt: startedAt + 4_000 })
    const ports = await replayPorts({ replays: { job: async (jobId) => (jobId === 'j-1' ? job : undefined) } })
    const response = await inject(ports, 'GET', '/v1/replays/j-1')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      jobId: 'j-1',
      definitionId: 'intent-and-fit',
      version: 2,
      state: 'done',
      eventsTotal: 8_000,
      eventsProcessed: 8_000,
      eventsPerSecond: 2_000,
      etaSeconds: 0,
      personsTotal: 200,
      personsProcessed: 200,
      startedAt: '2024-06-01T12:00:00.000Z',
      finishedAt: '2024-06-01T12:00:04.000Z',
    })
    expect(ports.callsOf('replays.job')).toEqual([['j-1']])
  })

  it('answers 404 for a job nobody started, and 400 for an id longer than any job id', async () => {
    const ports = await replayPorts({ replays: { job: async () => undefined } })
    const missing = await inject(ports, 'GET', '/v1/replays/j-9')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ error: 'Not Found', message: 'no replay job j-9' })
    const long = await inject(ports, 'GET', `/v1/replays/${'j'.repeat(65)}`)
    expect(long.statusCode).toBe(400)
    expect(long.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'params.jobId' }] })
    expect(ports.callsOf('replays.job')).toEqual([['j-9']])
  })
})

describe('POST /v1/lead-definitions/:definitionId/activate', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  const activationsIn = (ports: FakePorts): Event[] => ports.registry.events.filter((event) => event.type === 'lead_definition.activated')

  /**
   * Ports where version 1 is active (in the event store, and in the read model until the projector applies another
   * activation, once `applied` says so) and version 2 replayed.
   */
  async function activationPorts(applied: (ports: FakePorts) => boolean) {
    const ports: FakePorts = await replayPorts({
      queries: {
        activeDefinition: async () => {
          const version = applied(ports) ? 2 : 1
          return { definitionId: 'intent-and-fit', version, activatedAt: '2024-03-01T00:00:00.000Z' }
        },
      },
      replays: { replayedVersions: async () => [1, 2] },
    })
    await ports.registry.append([activatedEvent('intent-and-fit', 1)])
    return ports
  }

  it('records a lead_definition.activated event and answers 200 once queries use the version', async () => {
    const ports = await activationPorts((ports) => activationsIn(ports).length > 1)
    const before = seeded(ports)
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=2')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ active: { definitionId: 'intent-and-fit', version: 2 }, changed: true })
    const [, activation] = activationsIn(ports)
    expect(ports.registry.appends.slice(before)).toEqual([[
      { eventId: activation?.eventId, type: 'lead_definition.activated', occurredAt: activation?.occurredAt, data: { definitionId: 'intent-and-fit', version: 2 } },
    ]])
    expect(activation?.eventId).toMatch(/^lead-definition-activation-[0-9a-f-]{36}$/)
    expect(ports.sink.appends).toEqual([])
  })

  it('answers 202 when the projector has not applied the activation within 10 seconds', async () => {
    const ports = await activationPorts(() => false)
    const app = await buildApp(ports)
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] })
    const answered = app.inject({ method: 'POST', url: '/v1/lead-definitions/intent-and-fit/activate?version=2' })
    await vi.advanceTimersByTimeAsync(9_900)
    let settled = false
    void answered.then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(200)
    const response = await answered
    expect(response.statusCode).toBe(202)
    expect(response.json()).toEqual({ active: { definitionId: 'intent-and-fit', version: 2 }, changed: true })
    expect(activationsIn(ports)).toHaveLength(2)
  })

  it('answers 200 unchanged, recording nothing, when the version is already active', async () => {
    const ports = await activationPorts(() => false)
    const before = seeded(ports)
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=1')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ active: { definitionId: 'intent-and-fit', version: 1 }, changed: false })
    expect(ports.registry.appends.slice(before)).toEqual([])
  })

  it('answers 409 naming the version another request activated while this one was deciding, recording nothing more', async () => {
    const ports = await activationPorts(() => false)
    ports.registry.appendAfterNextRead('lead-definition-activations', [activatedEvent('intent-and-fit', 3)])
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=2')
    expect(response.statusCode).toBe(409)
    expect(response.json()).toEqual({
      error: 'Conflict',
      message:
        'intent-and-fit@3 was activated while this request was being decided, so intent-and-fit@2 was not: look at the ' +
        'active version again, and activate this one again if it should replace it',
    })
    expect(activationsIn(ports).map((event) => event.data)).toEqual([
      { definitionId: 'intent-and-fit', version: 1 },
      { definitionId: 'intent-and-fit', version: 3 },
    ])
  })

  it('answers 200 unchanged when another request activated the same version while this one was deciding', async () => {
    const ports = await activationPorts(() => false)
    ports.registry.appendAfterNextRead('lead-definition-activations', [activatedEvent('intent-and-fit', 2)])
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=2')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ active: { definitionId: 'intent-and-fit', version: 2 }, changed: false })
    expect(activationsIn(ports)).toHaveLength(2)
  })

  it('decides on the event store: the newest version is found there, published a moment ago, and the read model is not asked', async () => {
    const ports = await activationPorts(() => false)
    await ports.registry.append([publishedEvent('intent-and-fit', 4)])
    ports.replays.replayedVersions = async () => [1, 2, 4]
    ports.queries.activeDefinition = async () => ({ definitionId: 'intent-and-fit', version: activationsIn(ports).length > 1 ? 4 : 1, activatedAt: '2024-03-01T00:00:00.000Z' })
    const response = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate')
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ active: { definitionId: 'intent-and-fit', version: 4 }, changed: true })
    expect(activationsIn(ports).map((event) => event.data)).toEqual([1, 4].map((version) => ({ definitionId: 'intent-and-fit', version })))
    expect(ports.callsOf('queries.leadDefinitions')).toEqual([])
  })

  it('answers 409 for a version not replayed, and 404 for one not published, recording nothing', async () => {
    const ports = await activationPorts(() => false)
    const before = seeded(ports)
    const notReplayed = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate')
    expect(notReplayed.statusCode).toBe(409)
    expect(notReplayed.json()).toEqual({
      error: 'Conflict',
      message: 'intent-and-fit@3 has not been replayed: POST /v1/lead-definitions/intent-and-fit/replay?version=3 and wait until it is done',
    })
    const notPublished = await inject(ports, 'POST', '/v1/lead-definitions/intent-and-fit/activate?version=7')
    expect(notPublished.statusCode).toBe(404)
    expect(notPublished.json().message).toBe('intent-and-fit@7 is not published; publish it with POST /v1/lead-definitions')
    expect(ports.registry.appends.slice(before)).toEqual([])
  })
})
