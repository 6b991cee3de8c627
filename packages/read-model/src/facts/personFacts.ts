import type { PersonFact } from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import { loadStitchedTouches, type StitchedTouch } from './stitchedTouches.ts'

/**
 * A person's attributes as read back: the fact tables keep them sealed with the person's key (the person vault), so
 * whoever reads facts opens them first. Without the key (the person was erased) they read as none.
 */
export type OpenAttributes = (attributes: Record<string, string>) => Record<string, string>

/** The opener for a page of histories: the keys it needs are fetched once for the whole page. */
export type AttributeOpener = (historiesText: string) => Promise<OpenAttributes>

const asStored: OpenAttributes = (attributes) => attributes

/** Everything the lifecycle of one person is derived from, in no particular order. */
export interface PersonHistory {
  personId: string
  facts: PersonFact[]
}

/**
 * Whose facts `factRows` reads: everyone's (a replay), or those of the persons in the `personIds` parameter but their
 * touches, which loadPersonFacts reads by key and stitches itself (loadStitchedTouches).
 */
type FactScope = 'everyone' | 'persons but touches'

/**
 * Every fact of some persons as rows of one shape, read from the fact tables (every event lands in exactly one, so
 * this is the whole history without reading the event log). For named persons every read goes by key (their touches,
 * updates, lead events and deal memberships, the accounts and deals those name), so it costs what they have,
 * however long the history.
 *
 * A person's touches include anonymous ones linked to them; their account updates are those of every account they have
 * worked for; a deal counts from the first event naming them a contact, then its outcome. The text fields a..d mean:
 *   touch: touch type, channel, campaign, content   person_updated / account_updated: account
 *   lead: kind (handed_off, accepted, rejected, activity), owner, reason    deal_*: deal
 */
function factRows(clickhouse: ClickHouse, scope: FactScope): string {
  const t = clickhouse.table
  const ms = (column: string) => `toUnixTimestamp64Milli(${column})`
  const persons = '{personIds:Array(String)}'
  const inScope = (column: string) => (scope === 'everyone' ? '1' : `${column} IN ${persons}`)
  const touches = `
    SELECT person_id, 'touch' AS kind, event_id, ${ms('occurred_at')} AS at, touch_type AS a, channel AS b,
           campaign_id AS c, content AS d, map() AS attributes, identified
    FROM ${t('touchpoints_stitched')}
    WHERE person_id != ''`
  const accountsWorkedFor = `SELECT DISTINCT person_id, account_id FROM ${t('person_updates')} FINAL
                             WHERE account_id != '' AND ${inScope('person_id')}`
  const others = `
    SELECT person_id, 'person_updated' AS kind, event_id, ${ms('occurred_at')} AS at, account_id AS a, '' AS b, '' AS c,
           '' AS d, attributes, true AS identified
    FROM ${t('person_updates')} FINAL
    WHERE ${inScope('person_id')}
    UNION ALL
    SELECT m.person_id, 'account_updated', a.event_id, ${ms('a.occurred_at')}, a.account_id, '', '', '', a.attributes, true
    FROM (SELECT * FROM ${t('account_updates')} FINAL WHERE account_id IN (SELECT account_id FROM (${accountsWorkedFor}))) AS a
    INNER JOIN (${accountsWorkedFor}) AS m ON a.account_id = m.account_id
    UNION ALL
    SELECT person_id, 'lead', event_id, ${ms('occurred_at')}, kind, owner_id, reason, '', map(), true
    FROM ${t('lead_events')} FINAL
    WHERE ${inScope('person_id')}
    UNION ALL
    SELECT * FROM (
      WITH memberships AS (
        SELECT contact_id AS member_id, deal_id, min((occurred_at, event_id)) AS joined
        FROM ${t('deal_contacts')} FINAL
        WHERE kind IN ('created', 'updated') AND ${inScope('contact_id')}
        GROUP BY member_id, deal_id
      )
      SELECT member_id AS person_id, 'deal_created' AS kind, joined.2 AS event_id, ${ms('joined.1')} AS at,
             deal_id AS a, '' AS b, '' AS c, '' AS d, map() AS attributes, true AS identified
      FROM memberships
      UNION ALL
      SELECT m.member_id, if(o.kind = 'won', 'deal_won', 'deal_lost'), o.event_id, ${ms('o.occurred_at')}, o.deal_id,
             '', '', '', map(), true
      FROM memberships AS m
      INNER JOIN (SELECT deal_id, kind, event_id, occurred_at FROM ${t('deal_events')} FINAL
                  WHERE kind IN ('won', 'lost') AND deal_id IN (SELECT deal_id FROM memberships)) AS o ON o.deal_id = m.deal_id
    )`
  return scope === 'everyone' ? `${touches} UNION ALL ${others}` : others
}

type FactTuple = [
  kind: string,
  eventId: string,
  at: string | number,
  a: string,
  b: string,
  c: string,
  d: string,
  attributes: Record<string, string>,
  identified: number | boolean,
]

/**
 * Fact rows (from `factRows`, or a staging table of the same shape) grouped into one line per person, as
 * JSONCompactEachRow text: decoded by `historiesOf` wherever that work is cheapest (a replay does it in workers).
 */
async function historiesText(clickhouse: ClickHouse, from: string, params: Record<string, unknown>): Promise<string> {
  const result = await clickhouse.client.query({
    query: `SELECT person_id, groupArray((kind, event_id, at, a, b, c, d, attributes, identified)) AS facts
            FROM (${from}) GROUP BY person_id`,
    query_params: params,
    format: 'JSONCompactEachRow',
  })
  return result.text()
}

/** The histories in the text `historiesText` returns, attributes opened by `open`. Pure. */
export function historiesOf(text: string, open: OpenAttributes = asStored): PersonHistory[] {
  const histories: PersonHistory[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const [personId, tuples] = JSON.parse(line) as [string, FactTuple[]]
    histories.push({ personId, facts: tuples.map((tuple) => factOf(tuple, open)) })
  }
  return histories
}

function factOf([kind, eventId, at, a, b, c, d, stored, identified]: FactTuple, open: OpenAttributes): PersonFact {
  const attributes = kind === 'person_updated' ? open(stored) : stored
  const occurredAt = Number(at)
  // Every property before any spread (docs/architecture.md, "Code on the per-event path").
  switch (kind) {
    case 'touch':
      return touchFact({ eventId, occurredAt, touchType: a, channel: b, campaignId: c, identified: Boolean(identified), content: d })
    case 'person_updated':
      return { kind, eventId, occurredAt, attributes, ...(a === '' ? {} : { accountId: a }) }
    case 'account_updated':
      return { kind, eventId, occurredAt, accountId: a, attributes }
    case 'lead':
      if (a === 'rejected') return { kind: 'rejected', eventId, occurredAt, ownerId: b, reason: c }
      return { kind: a === 'activity' ? 'sales_activity' : (a as 'handed_off' | 'accepted'), eventId, occurredAt, ownerId: b }
    default:
      return { kind: kind as 'deal_created' | 'deal_won' | 'deal_lost', eventId, occurredAt, dealId: a }
  }
}

/** The facts of some persons, read straight from the fact tables: what the projector needs after a batch. */
export async function loadPersonFacts(
  clickhouse: ClickHouse,
  personIds: readonly string[],
  opener?: AttributeOpener,
): Promise<PersonHistory[]> {
  if (personIds.length === 0) return []
  const [text, touches] = await Promise.all([
    historiesText(clickhouse, factRows(clickhouse, 'persons but touches'), { personIds }),
    loadStitchedTouches(clickhouse, personIds),
  ])
  const byPerson = new Map(historiesOf(text, opener ? await opener(text) : asStored).map((history) => [history.personId, history]))
  // Touches stitched to someone not asked for (an anonymous id first linked to another person) are not theirs to keep.
  const asked = new Set(personIds)
  for (const [personId, own] of touches) {
    if (!asked.has(personId)) continue
    const facts = own.map(touchFact)
    const history = byPerson.get(personId)
    if (history) history.facts.push(...facts)
    else byPerson.set(personId, { personId, facts })
  }
  return [...byPerson.values()]
}

/** A touch as the fact a lifecycle reads, from a stitched touch or a fact row. */
function touchFact({
  eventId,
  occurredAt,
  touchType,
  channel,
  campaignId,
  identified,
  content,
}: Pick<StitchedTouch, 'eventId' | 'occurredAt' | 'touchType' | 'channel' | 'campaignId' | 'identified' | 'content'>): PersonFact {
  return { kind: 'touch', eventId, occurredAt, touchType, channel, campaignId, identified, ...(content === '' ? {} : { content }) }
}

/**
 * Everyone's facts, staged for a replay: one pass over the fact tables into a table sorted by a hash bucket of the
 * person, so that the replay then reads bucket after bucket by primary key instead of scanning every fact table once
 * per bucket. Drop it with `close` when done.
 */
export interface StagedFacts {
  buckets: number
  persons: number
  /** A bucket's histories as text; decode them with `historiesOf`. */
  read(bucket: number): Promise<string>
  close(): Promise<void>
}

const stagingPrefix = 'replay_facts_'
const stagingTable = (name: string) => `${stagingPrefix}${name.replace(/[^A-Za-z0-9_]/g, '_')}`

/**
 * Drops staging tables left behind by replays whose process was killed, all but those of the names given (the replays
 * still running).
 */
export async function dropStagedFactsExcept(clickhouse: ClickHouse, running: readonly string[]): Promise<void> {
  const result = await clickhouse.client.query({
    query: `SELECT name FROM system.tables WHERE database = {database:String} AND startsWith(name, {prefix:String})`,
    query_params: { database: clickhouse.database, prefix: stagingPrefix },
    format: 'JSONCompactEachRow',
  })
  const keep = new Set(running.map(stagingTable))
  for (const [table] of await result.json<[string]>()) {
    if (!keep.has(table)) await clickhouse.client.command({ query: `DROP TABLE IF EXISTS ${clickhouse.table(table)}` })
  }
}

export async function stagePersonFacts(clickhouse: ClickHouse, name: string, personsPerBucket: number): Promise<StagedFacts> {
  const table = clickhouse.table(stagingTable(name))
  await clickhouse.client.command({ query: `DROP TABLE IF EXISTS ${table}` })
  await clickhouse.client.command({
    query: `CREATE TABLE ${table}
            (hash UInt64, person_id String, kind LowCardinality(String), event_id String, at Int64,
             a String, b String, c String, d String, attributes Map(String, String), identified Bool)
            ENGINE = MergeTree ORDER BY (hash, person_id)`,
  })
  try {
    await clickhouse.client.command({
      query: `INSERT INTO ${table} SELECT cityHash64(person_id) AS hash, * FROM (${factRows(clickhouse, 'everyone')})`,
    })
    const counted = await clickhouse.client.query({ query: `SELECT uniqExact(person_id) FROM ${table}`, format: 'JSONCompactEachRow' })
    const [[persons = 0] = []] = await counted.json<[number]>()
    const buckets = Math.max(1, Math.ceil(Number(persons) / personsPerBucket))
    return {
      buckets,
      persons: Number(persons),
      // Buckets are ranges of the hash, the table's sort key: each read touches only its own part of the table.
      read: (bucket) => {
        const span = 2n ** 64n / BigInt(buckets)
        const low = span * BigInt(bucket)
        const last = bucket === buckets - 1
        const range = last ? 'hash >= {low:UInt64}' : 'hash >= {low:UInt64} AND hash < {high:UInt64}'
        return historiesText(clickhouse, `SELECT * FROM ${table} WHERE ${range}`, { low: low.toString(), high: (low + span).toString() })
      },
      close: () => clickhouse.client.command({ query: `DROP TABLE IF EXISTS ${table}` }).then(() => undefined),
    }
  } catch (error) {
    await clickhouse.client.command({ query: `DROP TABLE IF EXISTS ${table}` })
    throw error
  }
}
