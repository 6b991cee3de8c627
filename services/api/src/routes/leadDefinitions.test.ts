import { describe, expect, it } from 'vitest'
import { maxIdLength } from '@attribution/contracts'
import { fakePorts, publishedEvent, storedDefinition, type FakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const definition = {
  id: 'intent-and-fit',
  version: 2,
  name: 'Intent and fit',
  behaviour: [{ name: 'form-fill', points: 30, match: { touchType: 'form_fill' } }],
  fit: [],
  mql: { threshold: 30 },
  recycle: {},
}

const yamlDefinition = `id: activity-based
version: 1
name: Activity-based scoring
behaviour:
  - name: form-fill
    points: 15
    match: { touchType: form_fill }
mql:
  threshold: 50
`

async function publish(payload: unknown, ports: FakePorts, contentType = 'application/json') {
  const app = await buildApp(ports)
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  return app.inject({ method: 'POST', url: '/v1/lead-definitions', payload: body, headers: { 'content-type': contentType } })
}

describe('POST /v1/lead-definitions', () => {
  it('records a JSON definition as a lead_definition.published event of its version and answers 201', async () => {
    const ports = fakePorts()
    const response = await publish(definition, ports)
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ definitionId: 'intent-and-fit', version: 2, published: true })
    expect(ports.registry.appends).toHaveLength(1)
    const [published] = ports.registry.events
    expect(published).toEqual({
      eventId: 'lead-definition-intent-and-fit-v2',
      type: 'lead_definition.published',
      occurredAt: published?.occurredAt,
      data: { definitionId: 'intent-and-fit', version: 2, name: 'Intent and fit', format: 'json', document: JSON.stringify(definition, null, 2) },
    })
    expect(ports.sink.appends).toEqual([])
  })

  it('keeps a YAML definition as the very text sent', async () => {
    const ports = fakePorts()
    const response = await publish(yamlDefinition, ports, 'application/yaml')
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ definitionId: 'activity-based', version: 1, published: true })
    expect(ports.registry.events.map((event) => event.data)).toEqual([
      { definitionId: 'activity-based', version: 1, name: 'Activity-based scoring', format: 'yaml', document: yamlDefinition },
    ])
  })

  it('answers 200 without recording again when the same document is already published as this version', async () => {
    const ports = fakePorts()
    await publish(definition, ports)
    const response = await publish(definition, ports)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ definitionId: 'intent-and-fit', version: 2, published: false })
    expect(ports.registry.appends).toHaveLength(1)
  })

  it('answers 409 for another document under a version already published, recording nothing', async () => {
    const ports = fakePorts()
    await publish(definition, ports)
    const response = await publish({ ...definition, mql: { threshold: 40 } }, ports)
    expect(response.statusCode).toBe(409)
    expect(response.json()).toEqual({
      error: 'Conflict',
      message: 'intent-and-fit version 2 is already published with another document; publish version 3',
    })
    expect(ports.registry.events.map((event) => event.data)).toEqual([expect.objectContaining({ document: JSON.stringify(definition, null, 2) })])
  })

  it('reads back what a racing publication of the version stored, and answers 409 when its document differs', async () => {
    const ports = fakePorts()
    const other = { ...definition, mql: { threshold: 40 } }
    await publish(other, ports)
    // The route's first read of the definition's stream comes before the other publication was stored.
    const readStream = ports.registry.readStream.bind(ports.registry)
    let reads = 0
    ports.registry.readStream = async (streamId) => (reads++ === 0 ? [] : readStream(streamId))
    const response = await publish(definition, ports)
    expect(response.statusCode).toBe(409)
    expect(ports.registry.appends).toHaveLength(2)
    expect(ports.registry.events.map((event) => event.data)).toEqual([expect.objectContaining({ document: JSON.stringify(other, null, 2) })])
  })

  it('decides again on the stream when another version was published while it decided, and records its own after it', async () => {
    const ports = fakePorts()
    ports.registry.appendAfterNextRead('lead-definition-intent-and-fit', [publishedEvent('intent-and-fit', 3)])
    const response = await publish(definition, ports)
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ definitionId: 'intent-and-fit', version: 2, published: true })
    expect((await ports.registry.readStream('lead-definition-intent-and-fit')).map(({ event, streamVersion }) => [event.data, streamVersion])).toEqual([
      [expect.objectContaining({ version: 3 }), 0],
      [expect.objectContaining({ version: 2, document: JSON.stringify(definition, null, 2) }), 1],
    ])
  })

  it('refuses an invalid JSON definition with the path of every problem, recording nothing', async () => {
    const ports = fakePorts()
    const response = await publish({ ...definition, version: 0, name: 5 }, ports)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      error: 'Bad Request',
      message: 'invalid lead definition: version: must be at least 1; name: must be a string',
      errors: [
        { path: 'version', message: 'must be at least 1' },
        { path: 'name', message: 'must be a string' },
      ],
    })
    expect(ports.registry.appends).toEqual([])
  })

  it('refuses an invalid YAML definition with the path, line and column of every problem', async () => {
    const ports = fakePorts()
    const response = await publish(yamlDefinition.replace('threshold: 50', 'threshold: -1'), ports, 'application/yaml')
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([{ path: 'mql.threshold', message: 'must be greater than 0', line: 9, column: 14 }])
    const unreadable = await publish('id: a\nversion: 1\nname: [x', ports, 'application/yaml')
    expect(unreadable.statusCode).toBe(400)
    expect(unreadable.json().errors).toEqual([expect.objectContaining({ path: '', line: 3, column: 9 })])
    expect(ports.registry.appends).toEqual([])
  })

  it('refuses a body that is neither YAML text nor a JSON object, and a media type it does not read', async () => {
    const ports = fakePorts()
    const list = await publish([definition], ports)
    expect(list.statusCode).toBe(400)
    expect(list.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'body' }] })
    const text = await publish(yamlDefinition, ports, 'text/plain')
    expect(text.statusCode).toBe(415)
    expect(ports.registry.appends).toEqual([])
  })
})

describe('GET /v1/lead-definitions', () => {
  it('lists every published version with whether it was replayed and whether it is active', async () => {
    const ports = fakePorts({
      queries: {
        leadDefinitions: async () => [storedDefinition('intent-and-fit', 2), storedDefinition('intent-and-fit', 1), storedDefinition('activity-based', 1)],
        activeDefinition: async () => ({ definitionId: 'intent-and-fit', version: 1, activatedAt: '2024-03-01T00:00:00.000Z' }),
      },
      replays: { replayedVersions: async (definitionId) => (definitionId === 'intent-and-fit' ? [1, 2] : []) },
    })
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/lead-definitions' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      definitions: [
        { ...storedDefinition('intent-and-fit', 2), replayed: true, active: false },
        { ...storedDefinition('intent-and-fit', 1), replayed: true, active: true },
        { ...storedDefinition('activity-based', 1), replayed: false, active: false },
      ],
      active: { definitionId: 'intent-and-fit', version: 1 },
    })
    expect(ports.callsOf('queries.leadDefinitions')).toEqual([[undefined]])
    expect(ports.callsOf('replays.replayedVersions')).toEqual([['intent-and-fit'], ['activity-based']])
  })

  it('lists the versions of the definition named, with no active one when none is', async () => {
    const ports = fakePorts({
      queries: { leadDefinitions: async () => [storedDefinition('activity-based', 1)], activeDefinition: async () => undefined },
      replays: { replayedVersions: async () => [] },
    })
    const app = await buildApp(ports)
    const response = await app.inject({ url: '/v1/lead-definitions?definitionId=activity-based' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ definitions: [{ ...storedDefinition('activity-based', 1), replayed: false, active: false }], active: null })
    expect(ports.callsOf('queries.leadDefinitions')).toEqual([['activity-based']])
  })

  it('refuses a definition id longer than any id with 400 and its path', async () => {
    const ports = fakePorts()
    const app = await buildApp(ports)
    const response = await app.inject({ url: `/v1/lead-definitions?definitionId=${'d'.repeat(maxIdLength + 1)}` })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request', errors: [{ path: 'querystring.definitionId' }] })
    expect(ports.calls).toEqual([])
  })
})
