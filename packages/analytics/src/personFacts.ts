import type { PersonFact } from '@attribution/domain'
import type { ClickHouse } from './connection.ts'

/** Which persons to load: named ones (a projector batch), or one of `parts` hash partitions of everyone (a replay). */
export type PersonScope = { personIds: readonly string[] } | { part: number; parts: number }

/** Everything the lifecycle of one person is derived from, in no particular order. */
export interface PersonHistory {
  personId: string
  facts: PersonFact[]
}

type Millis = string | number
type TouchTuple = [eventId: string, at: Millis, touchType: string, channel: string, campaignId: string, content: string, identified: number | boolean]
type PersonUpdateTuple = [eventId: string, at: Millis, accountId: string, attributes: Record<string, string>]
type AccountUpdateTuple = [eventId: string, at: Millis, accountId: string, attributes: Record<string, string>]
type LeadTuple = [eventId: string, at: Millis, kind: 'handed_off' | 'accepted' | 'rejected' | 'activity', ownerId: string, reason: string]
type DealTuple = [kind: 'deal_created' | 'deal_won' | 'deal_lost', eventId: string, at: Millis, dealId: string]

/**
 * The facts of each person in scope, read from the fact tables (every event lands in exactly one, so this is the whole
 * history without reading the event log). A person's touches include anonymous ones linked to them; their account
 * updates are those of every account they have worked for; a deal counts from the first event naming them a contact.
 */
export async function loadPersonFacts(clickhouse: ClickHouse, scope: PersonScope): Promise<PersonHistory[]> {
  const t = clickhouse.table
  const inScope = (column: string) =>
    'personIds' in scope ? `${column} IN {personIds:Array(String)}` : `cityHash64(${column}) % {parts:UInt32} = {part:UInt32}`
  const params = 'personIds' in scope ? { personIds: [...scope.personIds] } : { part: scope.part, parts: scope.parts }
  if ('personIds' in scope && scope.personIds.length === 0) return []
  const ms = (column: string) => `toUnixTimestamp64Milli(${column})`

  const [touches, personUpdates, accountUpdates, leadEvents, dealFacts] = await Promise.all([
    grouped<TouchTuple>(clickhouse, params, `
      SELECT person_id, groupArray((event_id, ${ms('occurred_at')}, touch_type, channel, campaign_id, content, identified)) AS facts
      FROM ${t('touchpoints_stitched')}
      WHERE person_id != '' AND ${inScope('person_id')}
      GROUP BY person_id`),
    grouped<PersonUpdateTuple>(clickhouse, params, `
      SELECT person_id, groupArray((event_id, ${ms('occurred_at')}, account_id, attributes)) AS facts
      FROM ${t('person_updates')} FINAL
      WHERE ${inScope('person_id')}
      GROUP BY person_id`),
    grouped<AccountUpdateTuple>(clickhouse, params, `
      SELECT m.person_id AS person_id, groupArray((a.event_id, ${ms('a.occurred_at')}, a.account_id, a.attributes)) AS facts
      FROM (SELECT DISTINCT person_id, account_id FROM ${t('person_updates')} FINAL
            WHERE account_id != '' AND ${inScope('person_id')}) AS m
      INNER JOIN ${t('account_updates')} AS a FINAL ON a.account_id = m.account_id
      GROUP BY m.person_id`),
    grouped<LeadTuple>(clickhouse, params, `
      SELECT person_id, groupArray((event_id, ${ms('occurred_at')}, kind, owner_id, reason)) AS facts
      FROM ${t('lead_events')} FINAL
      WHERE ${inScope('person_id')}
      GROUP BY person_id`),
    // A deal's facts for each of its contacts: joining it (creation, or the update that added them), won, lost.
    grouped<DealTuple>(clickhouse, params, `
      WITH memberships AS (
        SELECT contact AS member_id, deal_id,
               min((occurred_at, event_id)) AS joined
        FROM ${t('deal_events')} FINAL ARRAY JOIN contact_ids AS contact
        WHERE has_contacts AND kind IN ('created', 'updated') AND ${inScope('contact')}
        GROUP BY member_id, deal_id
      )
      SELECT member_id AS person_id, groupArray(deal_fact) AS facts
      FROM (
        SELECT member_id, ('deal_created', joined.2, ${ms('joined.1')}, deal_id) AS deal_fact FROM memberships
        UNION ALL
        SELECT m.member_id AS member_id,
               (if(o.kind = 'won', 'deal_won', 'deal_lost'), o.event_id, ${ms('o.occurred_at')}, o.deal_id) AS deal_fact
        FROM memberships AS m
        INNER JOIN (SELECT deal_id, kind, event_id, occurred_at FROM ${t('deal_events')} FINAL
                    WHERE kind IN ('won', 'lost')) AS o ON o.deal_id = m.deal_id
      )
      GROUP BY member_id`),
  ])

  const histories = new Map<string, PersonFact[]>()
  const add = <T>(groups: Map<string, T[]>, toFact: (tuple: T) => PersonFact) => {
    for (const [personId, tuples] of groups) {
      const facts = histories.get(personId) ?? []
      for (const tuple of tuples) facts.push(toFact(tuple))
      histories.set(personId, facts)
    }
  }
  add(touches, ([eventId, at, touchType, channel, campaignId, content, identified]) => ({
    kind: 'touch',
    eventId,
    occurredAt: Number(at),
    touchType,
    channel,
    campaignId,
    ...(content === '' ? {} : { content }),
    identified: Boolean(identified),
  }))
  add(personUpdates, ([eventId, at, accountId, attributes]) => ({
    kind: 'person_updated',
    eventId,
    occurredAt: Number(at),
    attributes,
    ...(accountId === '' ? {} : { accountId }),
  }))
  add(accountUpdates, ([eventId, at, accountId, attributes]) => ({
    kind: 'account_updated',
    eventId,
    occurredAt: Number(at),
    accountId,
    attributes,
  }))
  add(leadEvents, ([eventId, at, kind, ownerId, reason]): PersonFact => {
    const base = { eventId, occurredAt: Number(at), ownerId }
    if (kind === 'rejected') return { kind, ...base, reason }
    return { kind: kind === 'activity' ? 'sales_activity' : kind, ...base }
  })
  add(dealFacts, ([kind, eventId, at, dealId]) => ({ kind, eventId, occurredAt: Number(at), dealId }))
  return [...histories].map(([personId, facts]) => ({ personId, facts }))
}

async function grouped<T>(clickhouse: ClickHouse, params: Record<string, unknown>, query: string): Promise<Map<string, T[]>> {
  const result = await clickhouse.client.query({ query, query_params: params, format: 'JSONCompactEachRow' })
  const rows = await result.json<[string, T[]]>()
  return new Map(rows)
}
