import { describe, expect, it } from 'vitest'
import type { EventOf } from '@attribution/contracts'
import { given } from '../../testing/givenWhenThen.ts'
import { channelRulesActivation, type ActivateChannelRules, type RulesVersion } from './channelRulesActivation.ts'
import { channelRulesVersions, type PublishChannelRules } from './channelRulesVersions.ts'

const document = 'id: ours\nversion: 1\nrules:\n  - channel: linkedin\n    when: { utmSource: linkedin }\n'
const publish = (version: number, text = document): PublishChannelRules => ({ rulesId: 'ours', version, format: 'yaml', document: text, at: '2026-03-01T09:00:00.000Z' })
const published = (version: number, text = document): EventOf<'channel_rules.published'> => ({
  eventId: `channel-rules-ours-v${version}`,
  type: 'channel_rules.published',
  occurredAt: '2026-03-01T09:00:00.000Z',
  data: { rulesId: 'ours', version, format: 'yaml', document: text },
})

describe('publishing channel rules, decided on the rules stream', () => {
  it('Given no version, When version 1 is published, Then its publication is recorded under an id of its own making', () => {
    expect(given(channelRulesVersions, []).when(publish(1))).toEqual({ ok: true, events: [published(1)] })
  })

  it('Given version 1, When the same document is published as version 1 again, Then nothing is appended', () => {
    expect(given(channelRulesVersions, [published(1)]).when(publish(1))).toEqual({ ok: true, events: [] })
  })

  it('Given version 1, When another document is published as version 1, Then it is refused', () => {
    expect(given(channelRulesVersions, [published(1)]).when(publish(1, `${document}# changed\n`))).toEqual({
      ok: false,
      refusal: { kind: 'version taken', rulesId: 'ours', version: 1 },
    })
  })
})

const ours1 = { rulesId: 'ours', version: 1 }
const ours2 = { rulesId: 'ours', version: 2 }
const activated = (version: RulesVersion): EventOf<'channel_rules.activated'> => ({
  eventId: `activation-${version.version}`,
  type: 'channel_rules.activated',
  occurredAt: '2026-03-02T00:00:00.000Z',
  data: version,
})
const activate = (version: RulesVersion, replaces: RulesVersion | null, replayed = true): ActivateChannelRules => ({
  ...version,
  replayed,
  replaces,
  eventId: 'the-request',
  at: '2026-03-03T09:00:00.000Z',
})

describe('activating channel rules, decided on the stream of every activation', () => {
  it('Given the shipped rules active, When a replayed version is activated, Then it is recorded', () => {
    expect(given(channelRulesActivation, []).when(activate(ours1, null))).toEqual({
      ok: true,
      events: [{ eventId: 'the-request', type: 'channel_rules.activated', occurredAt: '2026-03-03T09:00:00.000Z', data: ours1 }],
    })
  })

  it('Given a version active, When it is activated again, Then nothing is appended, replayed or not', () => {
    expect(given(channelRulesActivation, [activated(ours1)]).when(activate(ours1, ours1, false))).toEqual({ ok: true, events: [] })
  })

  it('Given a version not replayed, When it is activated, Then it is refused: queries would read nothing under it', () => {
    expect(given(channelRulesActivation, [activated(ours1)]).when(activate(ours2, ours1, false))).toEqual({ ok: false, refusal: { kind: 'not replayed' } })
  })

  it('Given another activation since the request looked, When decided, Then it is refused with what is active now', () => {
    expect(given(channelRulesActivation, [activated(ours1), activated(ours2)]).when(activate({ rulesId: 'theirs', version: 1 }, ours1))).toEqual({
      ok: false,
      refusal: { kind: 'activated meanwhile', active: ours2 },
    })
  })
})
