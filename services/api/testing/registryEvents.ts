import type { EventOf } from '@attribution/contracts'
import { storedDefinition } from './answers.ts'

/** The event that publishes `definitionId@version`, with the document `storedDefinition` gives it. */
export function publishedEvent(definitionId: string, version: number): EventOf<'lead_definition.published'> {
  const { name, format, document, publishedAt } = storedDefinition(definitionId, version)
  return {
    eventId: `lead-definition-${definitionId}-v${version}`,
    type: 'lead_definition.published',
    occurredAt: publishedAt,
    data: { definitionId, version, name, format, document },
  }
}

/** An activation of `definitionId@version`. */
export function activatedEvent(definitionId: string, version: number): EventOf<'lead_definition.activated'> {
  return {
    eventId: `activation-${definitionId}-${version}`,
    type: 'lead_definition.activated',
    occurredAt: '2024-03-01T00:00:00.000Z',
    data: { definitionId, version },
  }
}
