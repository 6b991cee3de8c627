import { describe, expect, it } from 'vitest'
import type { EventOf } from '@attribution/contracts'
import { stateOf } from './decider.ts'
import { given } from '../../testing/givenWhenThen.ts'
import { leadDefinitionVersions, publishedVersion, type PublishLeadDefinition } from './leadDefinitionVersions.ts'

const at = '2026-03-01T09:00:00.000Z'
const publish = (version: number, document = `id: fit\nversion: ${version}\n`): PublishLeadDefinition => ({
  definitionId: 'fit',
  version,
  name: 'Fit',
  format: 'yaml',
  document,
  at,
})
const published = (version: number, document = `id: fit\nversion: ${version}\n`): EventOf<'lead_definition.published'> => ({
  eventId: `lead-definition-fit-v${version}`,
  type: 'lead_definition.published',
  occurredAt: '2026-02-01T00:00:00.000Z',
  data: { definitionId: 'fit', version, name: 'Fit', format: 'yaml', document },
})

describe('publishing a lead definition version, decided on its stream', () => {
  it('Given nothing published, When version 1 is published, Then it is recorded under an id of its own making', () => {
    expect(given(leadDefinitionVersions, []).when(publish(1))).toEqual({
      ok: true,
      events: [{ ...published(1), occurredAt: at }],
    })
  })

  it('Given version 1, When version 2 is published, Then it is recorded', () => {
    expect(given(leadDefinitionVersions, [published(1)]).when(publish(2))).toEqual({ ok: true, events: [{ ...published(2), occurredAt: at }] })
  })

  it('Given version 1, When the same document is published as version 1 again, Then nothing changes', () => {
    expect(given(leadDefinitionVersions, [published(1)]).when(publish(1))).toEqual({ ok: true, events: [] })
  })

  it('Given version 1, When another document is published as version 1, Then it is refused: versions never change', () => {
    expect(given(leadDefinitionVersions, [published(1), published(2)]).when(publish(1, 'id: fit\nversion: 1\n# changed\n'))).toEqual({
      ok: false,
      refusal: { kind: 'version taken', definitionId: 'fit', version: 1 },
    })
  })

  it('Given two documents recorded under version 1 by an older writer, Then the first is what version 1 means', () => {
    const state = stateOf(leadDefinitionVersions, [published(1), published(1, 'second')])
    expect(publishedVersion(state, 1)?.document).toBe(published(1).data.document)
  })
})

describe('publishedVersion', () => {
  const state = stateOf(leadDefinitionVersions, [published(2), published(1), published(3)])

  it('finds a published version by number, and nothing for one never published', () => {
    expect(publishedVersion(state, 1)).toEqual({ ...published(1).data, eventId: 'lead-definition-fit-v1' })
    expect(publishedVersion(state, 4)).toBeUndefined()
  })

  it('takes the highest version when none is named, whatever order they were published in', () => {
    expect(publishedVersion(state)?.version).toBe(3)
    expect(publishedVersion(stateOf(leadDefinitionVersions, []))).toBeUndefined()
  })
})
