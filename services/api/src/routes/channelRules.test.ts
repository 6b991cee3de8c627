import { describe, expect, it } from 'vitest'
import { fakePorts, type FakePorts } from '../../testing/index.ts'
import { buildApp } from '../app.ts'

const yamlRules = `id: our-channels
version: 2
extends: default
rules:
  - channel: linkedin
    when: { referrerHost: ["*linkedin.com", "lnkd.in"] }
`

async function send(ports: FakePorts, method: 'GET' | 'POST', url: string, payload?: string, contentType = 'application/yaml') {
  const app = await buildApp(ports)
  return app.inject({ method, url, ...(payload === undefined ? {} : { payload, headers: { 'content-type': contentType } }) })
}

describe('POST /v1/channel-rules', () => {
  it('records YAML rules as a channel_rules.published event of their version, kept as the very text sent', async () => {
    const ports = fakePorts()
    const response = await send(ports, 'POST', '/v1/channel-rules', yamlRules)
    expect(response.statusCode).toBe(201)
    expect(response.json()).toEqual({ rulesId: 'our-channels', version: 2, published: true })
    expect(ports.registry.events).toEqual([
      {
        eventId: 'channel-rules-our-channels-v2',
        type: 'channel_rules.published',
        occurredAt: ports.registry.events[0]?.occurredAt,
        data: { rulesId: 'our-channels', version: 2, format: 'yaml', document: yamlRules },
      },
    ])
    expect(ports.sink.appends).toEqual([])
  })

  it('answers 200 for the same document again, and 409 for another document under the version', async () => {
    const ports = fakePorts()
    await send(ports, 'POST', '/v1/channel-rules', yamlRules)
    expect((await send(ports, 'POST', '/v1/channel-rules', yamlRules)).json()).toEqual({ rulesId: 'our-channels', version: 2, published: false })
    const changed = await send(ports, 'POST', '/v1/channel-rules', `${yamlRules}  - channel: x\n    when: { utmSource: x }\n`)
    expect(changed.statusCode).toBe(409)
    expect(ports.registry.events).toHaveLength(1)
  })

  it('refuses invalid rules with the path, line and column of each problem', async () => {
    const ports = fakePorts()
    const response = await send(ports, 'POST', '/v1/channel-rules', 'id: a\nversion: 1\nextends: ga4\nrules: []\n')
    expect(response.statusCode).toBe(400)
    expect(response.json().errors).toEqual([
      { path: 'extends', message: 'must name shipped rules: default', line: 3, column: 10 },
      { path: 'rules', message: 'must list at least one rule', line: 4, column: 8 },
    ])
    const json = await send(ports, 'POST', '/v1/channel-rules', JSON.stringify({ id: 'a', version: 1, rules: [{ channel: 'x', when: { utmSorce: 'y' } }] }), 'application/json')
    expect(json.json().errors).toEqual([
      { path: 'rules[0].when.utmSorce', message: 'is not a known field' },
      { path: 'rules[0].when', message: expect.stringMatching(/^must name at least one of utmSource, /) },
    ])
    expect(ports.registry.events).toEqual([])
  })
})

describe('GET /v1/channel-rules', () => {
  it('lists the published versions with whether each is replayed and active, and the shipped rules active before any activation', async () => {
    const stored = { rulesId: 'our-channels', version: 2, format: 'yaml' as const, document: yamlRules, publishedAt: '2026-03-01T00:00:00.000Z' }
    const ports = fakePorts({
      queries: { channelRuleSets: async () => [stored], activeChannelRules: async () => ({ rulesId: 'default', version: 1 }) },
      replays: { replayedChannelRules: async () => [2] },
    })
    const response = await send(ports, 'GET', '/v1/channel-rules')
    expect(response.json()).toEqual({ rules: [{ ...stored, replayed: true, active: false }], active: { rulesId: 'default', version: 1 } })
  })
})

describe('POST /v1/channel-rules/{rulesId}/activate', () => {
  it('refuses a version not replayed, 404s one not published, and records a replayed one once', async () => {
    let replayed: number[] = []
    const ports = fakePorts({ replays: { replayedChannelRules: async () => replayed } })
    expect((await send(ports, 'POST', '/v1/channel-rules/our-channels/activate?version=2')).statusCode).toBe(404)
    await send(ports, 'POST', '/v1/channel-rules', yamlRules)
    const early = await send(ports, 'POST', '/v1/channel-rules/our-channels/activate?version=2')
    expect(early.statusCode).toBe(409)
    expect(early.json().message).toContain('our-channels@2 has not been replayed: POST /v1/channel-rules/our-channels/replay?version=2')

    replayed = [2]
    const activated = await send(ports, 'POST', '/v1/channel-rules/our-channels/activate')
    expect(activated.json()).toEqual({ active: { rulesId: 'our-channels', version: 2 }, changed: true })
    expect((await send(ports, 'POST', '/v1/channel-rules/our-channels/activate?version=2')).json()).toEqual({
      active: { rulesId: 'our-channels', version: 2 },
      changed: false,
    })
    expect(ports.registry.events.map(({ type, data }) => [type, data])).toEqual([
      ['channel_rules.published', expect.objectContaining({ rulesId: 'our-channels', version: 2 })],
      ['channel_rules.activated', { rulesId: 'our-channels', version: 2 }],
    ])
  })
})
