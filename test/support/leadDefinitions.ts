import { readFileSync } from 'node:fs'
import type { Event } from '@attribution/contracts'
import { parseLeadDefinition, publicationEventId, type LeadDefinition } from '@attribution/domain'

/** An example document shipped in packages/domain/lead-definitions, as text. */
export function exampleDocument(name: 'activity-based' | 'intent-and-fit'): string {
  return readFileSync(new URL(`../../packages/domain/lead-definitions/${name}.yaml`, import.meta.url), 'utf8')
}

export function parsed(document: string): LeadDefinition {
  const result = parseLeadDefinition(document, 'yaml')
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.definition
}

/** The event POST /v1/lead-definitions appends for a YAML document. */
export function publishedEvent(document: string, occurredAt = '2026-01-01T00:00:00.000Z'): Event {
  const { id, version, name } = parsed(document)
  return {
    eventId: publicationEventId(id, version),
    type: 'lead_definition.published',
    occurredAt,
    data: { definitionId: id, version, name, format: 'yaml', document },
  }
}
