import { readFileSync } from 'node:fs'
import type { Event } from '@attribution/contracts'
import { parseLeadDefinition, publicationEventId } from '@attribution/domain'

const file = new URL('../../../../packages/domain/lead-definitions/intent-and-fit.yaml', import.meta.url)

/**
 * The intent-and-fit example as the events that publish and activate it: a bench history that starts with them has
 * the projector keep every person's lifecycle current, as it does in use.
 */
export function exampleDefinition(): { definitionId: string; version: number; published: Event; activated: Event } {
  const document = readFileSync(file, 'utf8')
  const parsed = parseLeadDefinition(document, 'yaml')
  if (!parsed.ok) throw new Error(`${file.pathname} is not a valid lead definition`)
  const { id: definitionId, version, name } = parsed.definition
  const occurredAt = '2020-01-01T00:00:00.000Z'
  return {
    definitionId,
    version,
    published: {
      eventId: publicationEventId(definitionId, version),
      type: 'lead_definition.published',
      occurredAt,
      data: { definitionId, version, name, format: 'yaml', document },
    },
    activated: { eventId: `bench-activation-${definitionId}-v${version}`, type: 'lead_definition.activated', occurredAt, data: { definitionId, version } },
  }
}
