import type { ClickHouse } from '@attribution/clickhouse'
import type { DefinitionRef } from '@attribution/read-model'

export interface AttributionDataset {
  deals: number
  touchpoints: number
  persons: number
  campaigns: number
  /** The lead definition version every person's qualifications are kept under. */
  definition: DefinitionRef
  /** The history spans [from, to). */
  from: string
  to: string
}

const CHANNELS = ['paid_search', 'paid_social', 'display', 'organic', 'email', 'webinar', 'events', 'content_syndication', 'partner', 'direct']
const CAMPAIGNS = 500
const PERSONS_PER_ACCOUNT = 5
const FROM = '2024-01-01 00:00:00'
const DAYS = 730
const DEFINITION: DefinitionRef = { definitionId: 'bench-definition', version: 1 }

/**
 * A history of `deals` deals and ten touches per deal, generated inside ClickHouse straight into the fact tables:
 * simulating events at this size would take longer than everything the bench measures. Deterministic (hashes of the
 * row number, no randomness), shaped like the simulation's: 500 campaigns over ten channels with monthly spend, five
 * persons per account, a tenth of the touches anonymous and linked to their person later, deals with one to three
 * contacts of one account, 30% won and 20% lost 10 to 90 days after creation, all over two years. Under one lead
 * definition, two persons in five qualified once and one in ten twice, as the projector keeps their lifecycles.
 */
export async function generateAttributionDataset(clickhouse: ClickHouse, deals: number): Promise<AttributionDataset> {
  const t = clickhouse.table
  const touchpoints = deals * 10
  const persons = Math.max(PERSONS_PER_ACCOUNT, Math.round(deals * 2))
  const accounts = Math.floor(persons / PERSONS_PER_ACCOUNT)
  const start = `toDateTime64('${FROM}', 3, 'UTC')`
  const spanMs = DAYS * 86_400_000
  const channels = `[${CHANNELS.map((channel) => `'${channel}'`).join(', ')}]`
  const campaignOf = (seed: string) => `cityHash64(${seed}) % ${CAMPAIGNS}`
  const run = (query: string) => clickhouse.client.command({ query, clickhouse_settings: { max_insert_threads: '2' } })

  await run(`
    INSERT INTO ${t('campaign_updates')} (event_id, campaign_id, name, channel, attributes, occurred_at, position)
    SELECT concat('campaign-', toString(number)), concat('cmp-', toString(number)), concat('Campaign ', toString(number)),
           ${channels}[1 + number % ${CHANNELS.length}], map(), ${start}, number
    FROM numbers(${CAMPAIGNS})`)
  await run(`
    INSERT INTO ${t('campaign_costs')} (event_id, campaign_id, amount_cents, currency, period_start, period_end, occurred_at, position)
    SELECT concat('cost-', toString(number)), concat('cmp-', toString(number % ${CAMPAIGNS})), 100000 + cityHash64(number) % 2000000, 'USD',
           addMonths(${start}, intDiv(number, ${CAMPAIGNS})), addMonths(${start}, intDiv(number, ${CAMPAIGNS}) + 1),
           addMonths(${start}, intDiv(number, ${CAMPAIGNS})), number
    FROM numbers(${CAMPAIGNS * 24})`)
  await run(`
    INSERT INTO ${t('person_updates')} (event_id, person_id, account_id, attributes, occurred_at, position)
    SELECT concat('person-', toString(number)), concat('p-', toString(number)),
           concat('a-', toString(intDiv(number, ${PERSONS_PER_ACCOUNT}))), map(), ${start}, number
    FROM numbers(${persons})`)
  await run(`
    INSERT INTO ${t('identity_links')} (anonymous_id, person_id, event_id, occurred_at, position)
    SELECT concat('anon-', toString(number)), concat('p-', toString(number)), concat('link-', toString(number)), ${start}, number
    FROM numbers(${persons})`)
  await run(`
    INSERT INTO ${t('touchpoints')}
      (touchpoint_id, event_id, person_id, anonymous_id, account_id, campaign_id, channel, touch_type, content, cost_cents, occurred_at, position)
    SELECT concat('t-', toString(number)), concat('t-', toString(number)),
           if(number % 10 = 0, '', concat('p-', toString(person))), if(number % 10 = 0, concat('anon-', toString(person)), ''),
           concat('a-', toString(intDiv(person, ${PERSONS_PER_ACCOUNT}))), concat('cmp-', toString(campaign)),
           ${channels}[1 + campaign % ${CHANNELS.length}], if(number % 7 = 0, 'form_fill', 'page_view'), '', 0,
           ${start} + toIntervalMillisecond(cityHash64(number, 3) % ${spanMs}), number
    FROM (SELECT number, cityHash64(number, 1) % ${persons} AS person, ${campaignOf('number, 2')} AS campaign FROM numbers(${touchpoints}))`)
  // Contacts are one to three persons of the deal's account, so the deal's journey is theirs.
  await run(`
    INSERT INTO ${t('deal_events')}
      (event_id, deal_id, kind, account_id, amount_cents, has_amount, currency, stage, contact_ids, has_contacts, is_new_business, reason, occurred_at, position)
    SELECT concat('deal-created-', toString(number)), concat('d-', toString(number)), 'created', concat('a-', toString(account)),
           100000 + cityHash64(number, 5) % 10000000, 1, 'USD', 'discovery',
           arrayDistinct(arrayMap(i -> concat('p-', toString(account * ${PERSONS_PER_ACCOUNT} + cityHash64(number, 6, i) % ${PERSONS_PER_ACCOUNT})),
                                  range(1 + cityHash64(number, 7) % 3))),
           1, number % 4 != 0, '', ${start} + toIntervalMillisecond(cityHash64(number, 8) % ${spanMs}), number
    FROM (SELECT number, cityHash64(number, 4) % ${accounts} AS account FROM numbers(${deals}))`)
  await run(`
    INSERT INTO ${t('deal_events')}
      (event_id, deal_id, kind, account_id, amount_cents, has_amount, currency, stage, contact_ids, has_contacts, is_new_business, reason, occurred_at, position)
    SELECT concat('deal-closed-', toString(number)), concat('d-', toString(number)), if(outcome < 3, 'won', 'lost'), '', 0, 0, 'USD',
           if(outcome < 3, 'closed_won', 'closed_lost'), [], 0, 0, if(outcome < 3, '', 'no budget'),
           ${start} + toIntervalMillisecond(cityHash64(number, 8) % ${spanMs}) + toIntervalDay(10 + cityHash64(number, 10) % 80), number
    FROM (SELECT number, cityHash64(number, 9) % 10 AS outcome FROM numbers(${deals}))
    WHERE outcome < 5`)
  // Only what the attribution reads of a lifecycle: when the person qualified. Every per-qualification array is as long.
  await run(`
    INSERT INTO ${t('lead_lifecycles')}
      (definition_id, version, person_id, account_id, qualified_at, qualified_event_ids, qualified_campaign_ids, qualified_channels,
       owner_ids, handed_off_at, follow_up_due_at, followed_up_at, qualification_ended_at, qualification_ended_as, rejection_reasons,
       computed_through)
    SELECT '${DEFINITION.definitionId}', ${DEFINITION.version}, concat('p-', toString(number)),
           concat('a-', toString(intDiv(number, ${PERSONS_PER_ACCOUNT}))), qualified,
           arrayMap(i -> concat('q-', toString(number), '-', toString(i)), range(length(qualified))), blanks, blanks, blanks,
           nulls, nulls, nulls, nulls, blanks, blanks, 1
    FROM (SELECT number,
                 arraySort(arrayMap(i -> ${start} + toIntervalMillisecond(cityHash64(number, 12, i) % ${spanMs}),
                                    range(multiIf(cityHash64(number, 11) % 10 < 4, 1, cityHash64(number, 11) % 10 < 5, 2, 0)))) AS qualified,
                 arrayResize(CAST([] AS Array(String)), length(qualified), '') AS blanks,
                 arrayResize(CAST([] AS Array(Nullable(DateTime64(3, 'UTC')))), length(qualified), NULL) AS nulls
          FROM numbers(${persons}))
    WHERE length(qualified) > 0`)
  const toIso = (ms: number) => new Date(ms).toISOString()
  const fromMs = Date.parse(`${FROM.replace(' ', 'T')}Z`)
  return { deals, touchpoints, persons, campaigns: CAMPAIGNS, definition: DEFINITION, from: toIso(fromMs), to: toIso(fromMs + spanMs) }
}
