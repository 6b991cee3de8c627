import { formatDefinitionError, parseLeadDefinition, type LeadDefinition } from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import type { DefinitionRef } from './definitionRef.ts'
import { staleAfterMs } from './replayJobs.ts'

export interface StoredLeadDefinition {
  definitionId: string
  version: number
  name: string
  format: 'yaml' | 'json'
  document: string
  publishedAt: string
}

/** Every published version, newest version of each definition first. */
export async function loadLeadDefinitions(clickhouse: ClickHouse, definitionId?: string): Promise<StoredLeadDefinition[]> {
  const result = await clickhouse.client.query({
    query: `
      SELECT definition_id, version, name, format, document,
             toUnixTimestamp64Milli(published_at) AS published_ms
      FROM ${clickhouse.table('lead_definitions')} FINAL
      WHERE {definitionId:String} = '' OR definition_id = {definitionId:String}
      ORDER BY definition_id, version DESC`,
    query_params: { definitionId: definitionId ?? '' },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{
    definition_id: string
    version: number
    name: string
    format: 'yaml' | 'json'
    document: string
    published_ms: string | number
  }>()
  return rows.map((row) => ({
    definitionId: row.definition_id,
    version: Number(row.version),
    name: row.name,
    format: row.format,
    document: row.document,
    publishedAt: new Date(Number(row.published_ms)).toISOString(),
  }))
}

export async function activeDefinition(clickhouse: ClickHouse): Promise<(DefinitionRef & { activatedAt: string }) | undefined> {
  const result = await clickhouse.client.query({
    query: `SELECT definition_id, version, toUnixTimestamp64Milli(activated_at) AS activated_ms
            FROM ${clickhouse.table('active_lead_definition')}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ definition_id: string; version: number; activated_ms: string | number }>()
  if (!row) return undefined
  return { definitionId: row.definition_id, version: Number(row.version), activatedAt: new Date(Number(row.activated_ms)).toISOString() }
}

const parsedDocuments = new Map<string, LeadDefinition>()

type StoredDocument = Pick<StoredLeadDefinition, 'document' | 'format' | 'definitionId' | 'version'>

/** The parsed definition of a stored version, or why it cannot be read (a document stored before they were checked). */
function readDefinition(stored: StoredDocument): { ok: true; definition: LeadDefinition } | { ok: false; problem: string } {
  const cached = parsedDocuments.get(stored.document)
  if (cached) return { ok: true, definition: cached }
  const parsed = parseLeadDefinition(stored.document, stored.format)
  if (!parsed.ok) {
    const problems = parsed.errors.slice(0, 3).map(formatDefinitionError).join('; ')
    return { ok: false, problem: `${stored.definitionId}@${stored.version} cannot be read: ${problems}` }
  }
  if (parsedDocuments.size > 100) parsedDocuments.clear()
  parsedDocuments.set(stored.document, parsed.definition)
  return { ok: true, definition: parsed.definition }
}

/** The parsed definition of a stored version; a query on one that cannot be read answers 409 with the reason. */
export function definitionOf(stored: StoredDocument): LeadDefinition {
  const readable = readDefinition(stored)
  if (!readable.ok) throw new DefinitionUnavailable(readable.problem, 409)
  return readable.definition
}

/**
 * The versions whose lifecycles the projector keeps current: the active one and every one replayed or being replayed
 * (candidates stay comparable while new events arrive). A version whose replay failed, or went silent, is left alone.
 */
export async function projectedDefinitions(clickhouse: ClickHouse): Promise<LeadDefinition[]> {
  const t = clickhouse.table
  const result = await clickhouse.client.query({
    query: `
      SELECT definition_id, version, format, document FROM ${t('lead_definitions')} FINAL
      WHERE (definition_id, version) IN (
        SELECT definition_id, version FROM ${t('active_lead_definition')}
        UNION ALL
        SELECT definition_id, version FROM ${t('replay_jobs')} FINAL
        WHERE state = 'done' OR (state = 'running' AND updated_at >= now64(3) - toIntervalSecond({staleSeconds:UInt32})))
      ORDER BY definition_id, version`,
    query_params: { staleSeconds: staleAfterMs / 1000 },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ definition_id: string; version: number; format: 'yaml' | 'json'; document: string }>()
  // A version stored before the projector checked documents (registryProblems) may not read: it is left out rather
  // than failing every batch.
  return rows.flatMap((row) => {
    const readable = readDefinition({ definitionId: row.definition_id, version: Number(row.version), format: row.format, document: row.document })
    return readable.ok ? [readable.definition] : []
  })
}

/** Why a query cannot use a definition version (yet); `statusCode` is the HTTP answer that fits. */
export class DefinitionUnavailable extends Error {
  constructor(
    message: string,
    readonly statusCode: 404 | 409,
  ) {
    super(message)
    this.name = statusCode === 404 ? 'Not Found' : 'Conflict'
  }
}

/** A resolved definition version: which one, whether it is the active one, and its rules. */
export interface ResolvedDefinition extends DefinitionRef {
  active: boolean
  definition: LeadDefinition
}

/**
 * The version a query reads: the one named (`intent-and-fit@2`, or `intent-and-fit` for its newest replayed
 * version), else the active one. Resolved once per query, so a query never mixes two versions even while another is
 * being activated. A version is readable once it is active or a replay of it has finished.
 */
export async function resolveDefinition(clickhouse: ClickHouse, requested?: string): Promise<ResolvedDefinition> {
  const resolved = await definitionInUse(clickhouse, requested)
  if (!resolved) throw new DefinitionUnavailable('no lead definition is active: publish one, replay it, then activate it (see /docs)', 409)
  return resolved
}

/** As `resolveDefinition`, but undefined when none is named and none is active: for queries that can do without. */
export async function definitionInUse(clickhouse: ClickHouse, requested?: string): Promise<ResolvedDefinition | undefined> {
  const active = await activeDefinition(clickhouse)
  const [definitionId, versionText] = requested?.split('@') ?? [active?.definitionId, String(active?.version)]
  if (definitionId === undefined) return undefined
  const published = await loadLeadDefinitions(clickhouse, definitionId)
  const readable = await readableVersions(clickhouse, definitionId)
  const version = versionText === undefined ? (readable.at(-1) ?? published[0]?.version) : Number(versionText)
  const stored = published.find((candidate) => candidate.version === version)
  if (!stored) throw new DefinitionUnavailable(`lead definition ${requested} is not published`, 404)
  const isActive = active?.definitionId === definitionId && active.version === version
  if (!isActive && !readable.includes(stored.version)) {
    throw new DefinitionUnavailable(
      `${definitionId}@${stored.version} has not been replayed yet: POST /v1/lead-definitions/${definitionId}/replay?version=${stored.version}`,
      409,
    )
  }
  return { definitionId, version: stored.version, active: isActive, definition: definitionOf(stored) }
}

/** Versions of a definition whose replay has finished, oldest first. */
export async function readableVersions(clickhouse: ClickHouse, definitionId: string): Promise<number[]> {
  const result = await clickhouse.client.query({
    query: `SELECT DISTINCT version FROM ${clickhouse.table('replay_jobs')} FINAL
            WHERE definition_id = {definitionId:String} AND state = 'done' ORDER BY version`,
    query_params: { definitionId },
    format: 'JSONCompactEachRow',
  })
  return (await result.json<[number]>()).map(([version]) => Number(version))
}
