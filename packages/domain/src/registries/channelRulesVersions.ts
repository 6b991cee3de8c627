import type { EventOf } from '@attribution/contracts'
import type { DefinitionFormat } from '../leadDefinition/definitionError.ts'
import type { Decider } from './decider.ts'
import { decidePublication } from './versionedDocuments.ts'

type Published = EventOf<'channel_rules.published'>

/** A version of a set of channel rules as its publication recorded it. */
export interface PublishedRules {
  rulesId: string
  version: number
  format: DefinitionFormat
  document: string
  eventId: string
}

/** Every version published under one rules id, by version number. */
export interface ChannelRulesVersions {
  versions: ReadonlyMap<number, PublishedRules>
}

/** Publish `document` (already checked by the channel-rules parser) as `rulesId@version`, at `at` (ISO-8601). */
export interface PublishChannelRules {
  rulesId: string
  version: number
  format: DefinitionFormat
  document: string
  at: string
}

export interface RulesVersionTaken {
  kind: 'version taken'
  rulesId: string
  version: number
}

/** A publication's id of its own making: two racing publications of one version are one event. */
export const rulesPublicationEventId = (rulesId: string, version: number): string => `channel-rules-${rulesId}-v${version}`

/**
 * Publishing a version of channel rules, decided on the rules' stream (`channel-rules-{id}`), as lead definitions are:
 * the same document again is a repeat, another document under a published version is refused.
 */
export const channelRulesVersions: Decider<PublishChannelRules, ChannelRulesVersions, Published, RulesVersionTaken> = {
  eventTypes: ['channel_rules.published'],
  initialState: () => ({ versions: new Map() }),
  evolve(state, { eventId, data }) {
    if (state.versions.has(data.version)) return state
    return { versions: new Map(state.versions).set(data.version, { ...data, eventId }) }
  },
  decide({ rulesId, version, format, document, at }, state) {
    return decidePublication(state.versions.get(version), document, { kind: 'version taken', rulesId, version }, () => ({
      eventId: rulesPublicationEventId(rulesId, version),
      type: 'channel_rules.published',
      occurredAt: at,
      data: { rulesId, version, format, document },
    }))
  },
}
