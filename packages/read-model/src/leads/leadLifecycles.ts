import { earliestTimeMs, latestTimeMs } from '@attribution/contracts'
import { byOccurredAtThenEventId, lifecycleOf, type LeadDefinition, type PersonFact, type Stage } from '@attribution/domain'
import { clickHouseTimeOf, compactRows, insertCompact, type ClickHouse, type CompactRows, type Row } from '@attribution/clickhouse'
import { loadPersonFacts, type AttributeOpener, type PersonHistory } from '../facts/personFacts.ts'
import type { PositionedEvent } from '../projection/positionedEvent.ts'
import { projectedDefinitions } from './leadDefinitions.ts'
import { touchVersions } from '../facts/touchVersions.ts'

/**
 * One lead_lifecycles row per person: pure, so recomputing from the same facts writes the very same row. Computed as
 * of no particular moment (see 006_lead_lifecycles.sql): queries cut the transitions at the time they ask about.
 */
function lifecycleRows(definition: LeadDefinition, histories: readonly PersonHistory[], computedThrough: number): Row[] {
  return histories.map(({ personId, facts }) => {
    const { transitions, qualifications } = lifecycleOf(definition, facts, { asOf: Infinity })
    const entered = new Map<Stage, number>()
    for (const transition of transitions) if (!entered.has(transition.stage)) entered.set(transition.stage, transition.at)
    const firstEntry = (stage: Stage) => time(entered.get(stage))
    const firstTouch = earliestTouch(facts)
    return {
      definition_id: definition.id,
      version: definition.version,
      person_id: personId,
      account_id: currentAccount(facts),
      first_touch_at: time(firstTouch?.occurredAt),
      first_touch_campaign_id: firstTouch?.campaignId ?? '',
      first_touch_channel: firstTouch?.channel ?? '',
      known_at: firstEntry('known'),
      mql_at: firstEntry('mql'),
      sal_at: firstEntry('sal'),
      sql_at: firstEntry('sql'),
      won_at: firstEntry('won'),
      lost_at: firstEntry('lost'),
      rejected_at: firstEntry('rejected'),
      recycled_at: firstEntry('recycled'),
      transition_stages: transitions.map((transition) => transition.stage),
      transition_from: transitions.map((transition) => transition.from ?? ''),
      transition_at: transitions.map((transition) => time(transition.at) as string),
      transition_event_ids: transitions.map((transition) => transition.eventId),
      transition_details: transitions.map((transition) => transition.reason ?? transition.cause ?? ''),
      qualified_at: qualifications.map((qualification) => time(qualification.at) as string),
      qualified_event_ids: qualifications.map((qualification) => qualification.eventId),
      qualified_campaign_ids: qualifications.map((qualification) => qualification.lastTouch?.campaignId ?? ''),
      qualified_channels: qualifications.map((qualification) => qualification.lastTouch?.channel ?? ''),
      owner_ids: qualifications.map((qualification) => qualification.ownerId ?? ''),
      handed_off_at: qualifications.map((qualification) => time(qualification.handedOffAt)),
      follow_up_due_at: qualifications.map((qualification) => time(qualification.followUpDueAt)),
      followed_up_at: qualifications.map((qualification) => time(qualification.followedUpAt)),
      qualification_ended_at: qualifications.map((qualification) => time(qualification.endedAt)),
      qualification_ended_as: qualifications.map((qualification) => qualification.endedAs ?? ''),
      rejection_reasons: qualifications.map((qualification) => qualification.endReason ?? ''),
      computed_through: computedThrough,
    } as Row
  })
}

/**
 * A DateTime64(3) value. From 1973 to 2286 as seconds since the epoch with milliseconds, a fifth cheaper to build than
 * ISO text (a replay writes millions); ClickHouse reads a plain number as a Unix time only with nine or ten digits of
 * seconds, so other instants go as text. A derived moment past what ClickHouse holds (a follow-up due after 2299) is
 * kept as the latest moment it holds: no query can ask about a later one.
 */
function time(ms: number | undefined): string | null {
  if (ms === undefined) return null
  const storable = Math.min(Math.max(ms, earliestTimeMs), latestTimeMs)
  return storable >= 1e11 && storable < 1e13 ? (storable / 1000).toFixed(3) : clickHouseTimeOf(storable)
}

/** The person's first touch, anonymous ones included. */
function earliestTouch(facts: readonly PersonFact[]): Extract<PersonFact, { kind: 'touch' }> | undefined {
  const touches = facts.filter((fact) => fact.kind === 'touch')
  return touches.reduce<(typeof touches)[number] | undefined>((first, touch) => (first && byOccurredAtThenEventId(first, touch) <= 0 ? first : touch), undefined)
}

/** The account of the person's latest update that named one. */
function currentAccount(facts: readonly PersonFact[]): string {
  const moves = facts.filter((fact) => fact.kind === 'person_updated' && fact.accountId !== undefined)
  const latest = moves.reduce<(typeof moves)[number] | undefined>((last, move) => (last && byOccurredAtThenEventId(last, move) > 0 ? last : move), undefined)
  return (latest?.kind === 'person_updated' && latest.accountId) || ''
}

/** Lifecycle rows ready to insert, as JSONCompactEachRow text. */
export type LifecycleBatch = CompactRows

/** The rows of some persons under some definitions, as text: pure, so a replay builds it in worker threads. */
export function lifecycleBatch(definitions: readonly LeadDefinition[], histories: readonly PersonHistory[], computedThrough: number): LifecycleBatch {
  // Every row is built by the one object literal in lifecycleRows, so every row lists its keys in the same order.
  return compactRows(definitions.flatMap((definition) => lifecycleRows(definition, histories, computedThrough)))
}

export function insertLifecycleBatch(clickhouse: ClickHouse, batch: LifecycleBatch): Promise<void> {
  return insertCompact(clickhouse, 'lead_lifecycles', batch)
}

/**
 * Persons whose lifecycle a batch of events can change: those it names, the owners of anonymous ids it touches or
 * links, everyone working for an account it updates, and every contact of a deal it concerns.
 */
export async function affectedPersons(clickhouse: ClickHouse, events: readonly PositionedEvent[]): Promise<string[]> {
  const personIds = new Set<string>()
  const anonymousIds = new Set<string>()
  const accountIds = new Set<string>()
  const dealIds = new Set<string>()
  for (const { event } of events) {
    const data = event.data as { personId?: string; anonymousId?: string; accountId?: string; dealId?: string; contactIds?: string[] }
    if (event.type === 'account.updated') accountIds.add(data.accountId as string)
    else if (event.type.startsWith('deal.')) {
      dealIds.add(data.dealId as string)
      for (const contact of data.contactIds ?? []) personIds.add(contact)
    } else if (data.personId) personIds.add(data.personId)
    else if (event.type === 'touchpoint.recorded' && data.anonymousId) anonymousIds.add(data.anonymousId)
  }
  // A touch re-sent under someone else leaves the lifecycle of whoever it was recorded under before.
  for (const version of await touchVersions(clickhouse, events)) {
    if (version.personId) personIds.add(version.personId)
    else if (version.anonymousId) anonymousIds.add(version.anonymousId)
  }
  if (anonymousIds.size > 0 || accountIds.size > 0 || dealIds.size > 0) {
    const t = clickhouse.table
    const result = await clickhouse.client.query({
      query: `
        SELECT person_id FROM ${t('identity_map')} WHERE anonymous_id IN {anonymousIds:Array(String)}
        UNION DISTINCT
        SELECT person_id FROM ${t('account_people')} WHERE account_id IN {accountIds:Array(String)}
        UNION DISTINCT
        SELECT arrayJoin(contact_ids) AS person_id FROM ${t('deal_events')} FINAL WHERE deal_id IN {dealIds:Array(String)}`,
      query_params: { anonymousIds: [...anonymousIds], accountIds: [...accountIds], dealIds: [...dealIds] },
      format: 'JSONCompactEachRow',
    })
    for (const [personId] of await result.json<[string]>()) personIds.add(personId)
  }
  personIds.delete('')
  return [...personIds].sort()
}

/**
 * Recomputes the lifecycles a batch of events can change, under every definition version that is active or being
 * replayed. Returns how many persons were recomputed.
 */
export async function refreshLeadLifecycles(
  clickhouse: ClickHouse,
  events: readonly PositionedEvent[],
  computedThrough: number,
  opener?: AttributeOpener,
): Promise<number> {
  const definitions = await projectedDefinitions(clickhouse)
  if (definitions.length === 0) return 0
  return refreshPersonsLifecycles(clickhouse, definitions, await affectedPersons(clickhouse, events), computedThrough, opener)
}

/**
 * Recomputes the lifecycles of the persons named, step by step, under every definition version that is active or
 * being replayed: what an activation of channel rules needs for everyone whose touches it moved. Returns how many.
 */
export async function refreshLifecyclesOf(
  clickhouse: ClickHouse,
  personIds: readonly string[],
  computedThrough: number,
  opener?: AttributeOpener,
  personsPerStep = 20_000,
): Promise<number> {
  const definitions = await projectedDefinitions(clickhouse)
  if (definitions.length === 0) return 0
  for (let start = 0; start < personIds.length; start += personsPerStep) {
    await refreshPersonsLifecycles(clickhouse, definitions, personIds.slice(start, start + personsPerStep), computedThrough, opener)
  }
  return personIds.length
}

async function refreshPersonsLifecycles(
  clickhouse: ClickHouse,
  definitions: readonly LeadDefinition[],
  personIds: readonly string[],
  computedThrough: number,
  opener?: AttributeOpener,
): Promise<number> {
  const loaded = new Map((await loadPersonFacts(clickhouse, [...personIds], opener)).map((history) => [history.personId, history]))
  // A person left with no facts (their only touch moved to someone else, or set aside) gets the empty lifecycle, so
  // that the row computed from what they had no longer stands.
  const histories = personIds.map((personId) => loaded.get(personId) ?? { personId, facts: [] })
  await insertLifecycleBatch(clickhouse, lifecycleBatch(definitions, histories, computedThrough))
  return histories.length
}
