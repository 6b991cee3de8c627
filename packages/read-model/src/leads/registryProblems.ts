import { dataSchemas, formatPath, type Event } from '@attribution/contracts'
import { formatDefinitionError, parseLeadDefinition } from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import { loadLeadDefinitions } from './leadDefinitions.ts'
import type { PositionedEvent } from '../projection/positionedEvent.ts'

/** The events only the engine writes: the registries of lead definitions and custom models. */
const registryTypes = new Set<Event['type']>(['lead_definition.published', 'lead_definition.activated', 'attribution_model.saved'])

/**
 * Why the projection must not apply some of a batch's registry events, by event id. The API checks these events before
 * it appends them, but a log can hold one it never checked (written by an older version, or by another writer), and
 * applied as it is such an event would break every report: a document that cannot be read, an activation of a version
 * nobody published, a second document under a published version. Checked in log order, so a version published earlier
 * in the same batch counts as published.
 */
export async function registryProblems(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<Map<string, string>> {
  const problems = new Map<string, string>()
  const registryEvents = events.filter(({ event }) => registryTypes.has(event.type))
  if (registryEvents.length === 0) return problems
  const published = await publishedDocuments(clickhouse, registryEvents)
  for (const { event } of registryEvents) {
    const problem = shapeProblem(event) ?? registryProblem(event, published)
    if (problem !== undefined) problems.set(event.eventId, problem)
  }
  return problems
}

/** The documents of every version the batch's registry events name, by `id@version`. */
async function publishedDocuments(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<Map<string, string>> {
  const definitionIds = new Set<string>()
  for (const { event } of events) {
    const definitionId = (event.data as { definitionId?: unknown }).definitionId
    if (typeof definitionId === 'string') definitionIds.add(definitionId)
  }
  const documents = new Map<string, string>()
  for (const definitionId of definitionIds) {
    for (const stored of await loadLeadDefinitions(clickhouse, definitionId)) {
      documents.set(`${stored.definitionId}@${stored.version}`, stored.document)
    }
  }
  return documents
}

/** The event's data against the contract, as the API would have checked it. */
function shapeProblem(event: Event): string | undefined {
  const parsed = dataSchemas[event.type].safeParse(event.data)
  if (parsed.success) return undefined
  const [issue] = parsed.error.issues
  return `${formatPath(['data', ...(issue?.path ?? [])])}: ${issue?.message ?? 'does not match the contract'}`
}

/** What makes a well-formed registry event unusable; records a publication it accepts in `published`. */
function registryProblem(event: Event, published: Map<string, string>): string | undefined {
  if (event.type === 'lead_definition.published') {
    const { definitionId, version, format, document } = event.data
    const key = `${definitionId}@${version}`
    const earlier = published.get(key)
    if (earlier !== undefined && earlier !== document) return `${key} is already published with another document; versions are immutable`
    const parsed = parseLeadDefinition(document, format)
    if (!parsed.ok) return `${key} cannot be read: ${parsed.errors.slice(0, 3).map(formatDefinitionError).join('; ')}`
    if (parsed.definition.id !== definitionId || parsed.definition.version !== version) {
      return `the document is ${parsed.definition.id}@${parsed.definition.version}, not ${key}`
    }
    published.set(key, document)
  } else if (event.type === 'lead_definition.activated') {
    const key = `${event.data.definitionId}@${event.data.version}`
    if (!published.has(key)) return `${key} is not published, so it cannot be activated`
  }
  return undefined
}
