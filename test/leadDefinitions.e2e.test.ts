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

  it('refuses hostile documents as ordinary 400s with a reason, and stores none of them', async () => {
    const laughs = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (const level of 'bcdefghi') {
      const previous = String.fromCharCode(level.charCodeAt(0) - 1)
      laughs.push(`${level}: &${level} [${Array(9).fill(`*${previous}`).join(', ')}]`)
    }
    const hostile: [string, string, RegExp][] = [
      ['billion laughs', `${example}\nlaughs:\n${laughs.map((level) => `  ${level}\n`).join('')}`, /aliases expand to too much/],
      ['10,000 aliases', `${example}\nlist: &t [x]\nmore: [${Array(10_000).fill('*t').join(', ')}]\n`, /more than 100 aliases/],
      ['a NUL, escaped', example.replace('name: Intent and fit', 'name: "Intent\\0"'), /NUL/],
      ['a lone surrogate, escaped', example.replace('name: Intent and fit', 'name: "Intent \\ud800"'), /lone UTF-16 surrogate/],
      ['a version past 32 bits', example.replace(/^version: \d+/m, 'version: 4294967297'), /must be at most 2147483647/],
      ['deep nesting', `${example}\ndeep: ${'['.repeat(5000)}\n`, /more than 20 deep/],
    ]
    const before = (await getJson(`${running.url}/v1/status`)).body.eventStore.events
    for (const [name, text, reason] of hostile) {
      const { status, body } = await postYaml(running.url, text)
      expect([name, status, body.message]).toEqual([name, 400, expect.stringMatching(reason)])
    }
    const withNul = { id: 'nul', version: 1, name: 'N\u0000', behaviour: [{ name: 'a', points: 1, match: { touchType: 'page_view' } }], mql: { threshold: 1 } }
    const json = await fetch(`${running.url}/v1/lead-definitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(withNul) })
    expect(json.status).toBe(400)
    expect(((await json.json()) as { errors: unknown }).errors).toEqual([{ path: 'name', message: 'must not contain the NUL character (U+0000)' }])
    expect((await getJson(`${running.url}/v1/status`)).body.eventStore.events).toBe(before)
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
