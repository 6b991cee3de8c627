import type { ClickHouse } from '@attribution/clickhouse'
import { channelClassifier, defaultChannelRules, formatDefinitionError, parseChannelRules, type RulesVersion } from '@attribution/domain'
import { shippedClassification, type TouchClassification } from '../facts/rows.ts'
import { loadReplayJobs } from '../leads/replayJobs.ts'

export interface StoredChannelRules {
  rulesId: string
  version: number
  format: 'yaml' | 'json'
  document: string
  publishedAt: string
}

/** `id@version`, as queries (`channelRules=`) and the touch facts (`channel_rules`) name a version. */
export const rulesRef = ({ rulesId, version }: RulesVersion): string => `${rulesId}@${version}`

/** The shipped rules, named as a version. */
export const shippedRules: RulesVersion = { rulesId: defaultChannelRules.id, version: defaultChannelRules.version }

/** Every published version, newest version of each set first. */
export async function loadChannelRuleSets(clickhouse: ClickHouse, rulesId?: string): Promise<StoredChannelRules[]> {
  const result = await clickhouse.client.query({
    query: `SELECT rules_id, version, format, document, toUnixTimestamp64Milli(published_at) AS published_ms
            FROM ${clickhouse.table('channel_rule_sets')} FINAL
            WHERE {rulesId:String} = '' OR rules_id = {rulesId:String}
            ORDER BY rules_id, version DESC`,
    query_params: { rulesId: rulesId ?? '' },
    format: 'JSONEachRow',
  })
  const rows = await result.json<{ rules_id: string; version: number; format: 'yaml' | 'json'; document: string; published_ms: string | number }>()
  return rows.map((row) => ({
    rulesId: row.rules_id,
    version: Number(row.version),
    format: row.format,
    document: row.document,
    publishedAt: new Date(Number(row.published_ms)).toISOString(),
  }))
}

/** The version of the latest activation in the log; the shipped `default` rules before the first. */
export async function activeChannelRules(clickhouse: ClickHouse): Promise<RulesVersion> {
  const result = await clickhouse.client.query({
    query: `SELECT argMax(rules_id, position) AS rules_id, argMax(version, position) AS version, count() AS activations
            FROM ${clickhouse.table('channel_rules_activations')} FINAL`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ rules_id: string; version: number; activations: string | number }>()
  return row === undefined || Number(row.activations) === 0 ? shippedRules : { rulesId: row.rules_id, version: Number(row.version) }
}

/**
 * What touches are classified with under a version: the shipped rules, or a published document parsed again (an
 * activation is only recorded for a version the API parsed when it was published). Read by key: one small row.
 */
export async function classificationOf(clickhouse: ClickHouse, version: RulesVersion): Promise<TouchClassification> {
  if (rulesRef(version) === rulesRef(shippedRules)) return shippedClassification
  const result = await clickhouse.client.query({
    query: `SELECT format, document FROM ${clickhouse.table('channel_rule_sets')} FINAL
            WHERE rules_id = {rulesId:String} AND version = {version:UInt32}`,
    query_params: { rulesId: version.rulesId, version: version.version },
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ format: 'yaml' | 'json'; document: string }>()
  if (row === undefined) throw new Error(`channel rules ${rulesRef(version)} are not published`)
  const parsed = parseChannelRules(row.document, row.format)
  if (!parsed.ok) throw new Error(`channel rules ${rulesRef(version)} cannot be read: ${parsed.errors.slice(0, 3).map(formatDefinitionError).join('; ')}`)
  return { classify: channelClassifier(parsed.rules), rulesRef: rulesRef(version) }
}

/** The versions of a set whose replay has finished, oldest first: those that can be compared, asked and activated. */
export async function replayedChannelRules(clickhouse: ClickHouse, rulesId: string): Promise<number[]> {
  const published = await loadChannelRuleSets(clickhouse, rulesId)
  const replayed = await Promise.all(
    published.map(async ({ version }) => {
      const jobs = await loadReplayJobs(clickhouse, { subject: 'channel_rules', definitionId: rulesId, version })
      return jobs.some((job) => job.state === 'done') ? [version] : []
    }),
  )
  return replayed.flat().sort((a, b) => a - b)
}
