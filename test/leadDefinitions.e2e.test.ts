import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { getJson, useEngine, waitUntilProjected } from './support/engine.ts'

const example = readFileSync(new URL('../packages/domain/lead-definitions/intent-and-fit.yaml', import.meta.url), 'utf8')

async function postYaml(url: string, text: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: text })
  return { status: response.status, body: await response.json() }
}

describe('lead definitions over HTTP', () => {
  const running = useEngine('definitions')

  it('publishes a YAML version as an event and lists it', async () => {
    const first = await postYaml(running.url, example)
    expect(first).toEqual({ status: 201, body: { definitionId: 'intent-and-fit', version: 1, published: true } })
    await waitUntilProjected(running.url)
    const { body } = await getJson(`${running.url}/v1/lead-definitions`)
    expect(body.definitions).toEqual([
      {
        definitionId: 'intent-and-fit',
        version: 1,
        name: expect.any(String),
        format: 'yaml',
        document: example,
        publishedAt: expect.any(String),
        replayed: false,
        active: false,
      },
    ])
    expect(body.active).toBeNull()
    const status = await getJson(`${running.url}/v1/status`)
    expect(status.body.eventStore.events).toBe(1)
  })

  it('treats the same version and document as already published, and refuses another document under it', async () => {
    const again = await postYaml(running.url, example)
    expect(again).toEqual({ status: 200, body: { definitionId: 'intent-and-fit', version: 1, published: false } })
    const changed = await postYaml(running.url, example.replace(/threshold: (\d+)/, (_, points) => `threshold: ${Number(points) + 5}`))
    expect(changed.status).toBe(409)
    expect(changed.body.message).toContain('publish version 2')
  })

  it('refuses an invalid document with the path, line and column of each problem', async () => {
    const broken = example.replace(/threshold: \d+/, 'threshold: lots')
    const { status, body } = await postYaml(running.url, broken)
    expect(status).toBe(400)
    const line = broken.split('\n').findIndex((text) => text.includes('threshold: lots')) + 1
    expect(body.errors).toEqual([expect.objectContaining({ path: 'mql.threshold', line })])
    expect(body.message).toMatch(/^invalid lead definition: mql\.threshold: /)
  })

  it('takes JSON documents too', async () => {
    const json = {
      id: 'activity',
      version: 3,
      name: 'Activity',
      behaviour: [{ name: 'downloads', points: 10, match: { touchType: 'content_download' } }],
      mql: { threshold: 30 },
    }
    const response = await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) })
    expect(response.status).toBe(201)
    await waitUntilProjected(running.url)
    const { body } = await getJson(`${running.url}/v1/lead-definitions?definitionId=activity`)
    expect(body.definitions.map((definition: { version: number; format: string }) => [definition.version, definition.format])).toEqual([[3, 'json']])
  })
})
