import type { EventOf } from '@attribution/contracts'
import type { DefinitionFormat } from '../leadDefinition/definitionError.ts'
import type { Decider } from './decider.ts'
import { decidePublication } from './versionedDocuments.ts'

type Published = EventOf<'lead_definition.published'>

/** A version as its publication recorded it. */
export interface PublishedVersion {
  definitionId: string
  version: number
  name: string
  format: DefinitionFormat
  document: string
  /** The publication's event id: where the log holds it. */
  eventId: string
}

/** Every version published under one definition id, by version number. Versions are immutable once published. */
export interface LeadDefinitionVersions {
  versions: ReadonlyMap<number, PublishedVersion>
}

/** Publish `document` (already checked by the lead-definition parser) as `definitionId@version`, at `at` (ISO-8601). */
export interface PublishLeadDefinition {
  definitionId: string
  version: number
  name: string
  format: DefinitionFormat
  document: string
  at: string
}

/** The version is published already, with another document: versions never change, a new document is a new version. */
export interface VersionTaken {
  kind: 'version taken'
  definitionId: string
  version: number
}

/**
 * A version's publication has an id of its own making, so two racing publications of one version are one event: the
 * store keeps the first and reports the second as a duplicate.
 */
export const publicationEventId = (definitionId: string, version: number): string => `lead-definition-${definitionId}-v${version}`

/**
 * Publishing a lead definition version, decided on the definition's stream (`lead-definition-{id}`), which holds every
 * version from the moment it is published, where the read model may not have it yet. The same document under a
 * published version is a repeat (no events); another document under it is refused.
 */
export const leadDefinitionVersions: Decider<PublishLeadDefinition, LeadDefinitionVersions, Published, VersionTaken> = {
  eventTypes: ['lead_definition.published'],
  initialState: () => ({ versions: new Map() }),
  evolve(state, { eventId, data }) {
    // A second publication of a version is never appended (decide refuses it); should an older writer have appended
    // one, the first stays what the version means, as it does in the read model.
    if (state.versions.has(data.version)) return state
    return { versions: new Map(state.versions).set(data.version, { ...data, eventId }) }
  },
  decide(command, state) {
    const { definitionId, version, name, format, document, at } = command
    return decidePublication(state.versions.get(version), document, { kind: 'version taken', definitionId, version }, () => ({
      eventId: publicationEventId(definitionId, version),
      type: 'lead_definition.published',
      occurredAt: at,
      data: { definitionId, version, name, format, document },
    }))
  },
}

/** The version asked for, or the newest published one when none is named; undefined when it is not published. */
export function publishedVersion(state: LeadDefinitionVersions, version?: number): PublishedVersion | undefined {
  if (version !== undefined) return state.versions.get(version)
  const newest = Math.max(...state.versions.keys())
  return state.versions.get(newest)
}
