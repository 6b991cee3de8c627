import { defaultReportingCurrency } from '@attribution/contracts'
import { msPerDay, type DealTimes, type JourneyTouch } from '@attribution/domain'
import type { ClickHouse } from '@attribution/clickhouse'
import type { DefinitionRef } from '../leads/definitionRef.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'
import { loadStitchedTouches, stitchedTouchesOf } from '../facts/stitchedTouches.ts'
import { convertDealAmounts, type DealAmounts } from './dealAmounts.ts'

export interface DealJourney extends DealAmounts {
  dealId: string
  deal: DealTimes
  /** The deal's currency ('' for a deal recorded before currencies were, which is in the reporting currency). */
  currency: string
  /**
   * Current amount, in the reporting currency (`pipeline`): what the deal counts for as pipeline; 0 while no rate is
   * in effect for it, when `pipeline.cents` is absent and the amount is listed as unconverted instead.
   */
  amountCents: number
  /**
   * Amount when won (the won event's amount, else the current one), in the reporting currency (`revenue`): what it
   * counts for as revenue; 0 while no rate is in effect for it (`revenue.cents` absent).
   */
  wonAmountCents: number
  createdInWindow: boolean
  wonInWindow: boolean
  /** Touches of the deal's contacts from the lookback start to its creation or, if won, its win. */
  touches: JourneyTouch[]
  /** Whose touches they are: the deal's contacts, or its account. */
  journeyKeys: string[]
  /** Under `primary_contact`: the deal names no primary contact, so its journey is all its contacts'. */
  withoutPrimaryContact?: boolean
}

type TouchTuple = [string, string | number, string, string, string, boolean | number]

interface JourneyRow {
  deal_id: string
  created_ms: string | number
  won_ms: string | number | null
  mql_ms: string | number | null
  amount_cents: string | number
  won_amount_cents: string | number
  currency: string
  created_in_window: number | boolean
  won_in_window: number | boolean
  touches: TouchTuple[]
  journey_keys: string[]
  without_primary: number | boolean
}

/** Which deals to load: those created or won in a window, or named ones (then every deal counts as in the window). */
export type JourneyScope = { window: TimeWindow } | { dealIds: readonly string[] }

/**
 * Whose touches make a deal's journey: its contacts' (`contacts`), or those of every person of its account and the
 * account's own anonymous touches (`account`, the usual choice for account-based marketing), or only its primary
 * contact's (`primary_contact`, as Marketo Measure's primary-contact mapping; a deal naming no primary contact falls
 * back to all its contacts).
 */
export type JourneyMapping = 'contacts' | 'account' | 'primary_contact'
export const journeyMappings = ['contacts', 'account', 'primary_contact'] as const satisfies readonly JourneyMapping[]

/**
 * The people of each deal whose touches make its journey, as a ClickHouse expression over a deal's contact_ids and
 * its latest contact roles (role_person_ids, role_names, primary_contact_id). A role person counts only while still a
 * contact of the deal: a later update naming other contacts takes them out.
 */
function journeyKeysOf(mapping: JourneyMapping, roles: readonly string[] | undefined): string {
  if (mapping === 'account') return '[account_id]'
  if (mapping === 'primary_contact') return `if(${withoutPrimary}, contact_ids, [primary_contact_id])`
  if (roles === undefined) return 'contact_ids'
  return `arrayDistinct(arrayFilter((person, role) -> has({roles:Array(String)}, role) AND has(contact_ids, person), role_person_ids, role_names))`
}

const withoutPrimary = `(primary_contact_id = '' OR NOT has(contact_ids, primary_contact_id))`

/**
 * Deals in scope, each with the touches its journey can draw on. The attribution model narrows the touches further
 * (most models stop at creation); this query only bounds them so one read serves every model.
 */
export async function loadDealJourneys(
  clickhouse: ClickHouse,
  scope: JourneyScope,
  lookbackDays: number,
  {
    mapping = 'contacts',
    definition,
    roles,
    reportingCurrency = defaultReportingCurrency,
  }: {
    mapping?: JourneyMapping
    /**
     * When given, each deal gets its MQL moment under it: the latest time one of its people became an MQL (again) at
     * or before the journey's end, the qualification that led to the deal.
     */
    definition?: DefinitionRef | undefined
    /** With `contacts`: only the contacts holding one of these roles (exact role names) make the journey. */
    roles?: readonly string[] | undefined
    /** The currency amounts are converted to (docs/currencies.md). */
    reportingCurrency?: string
  } = {},
): Promise<DealJourney[]> {
  if ('dealIds' in scope && scope.dealIds.length === 0) return []
  const rows =
    'dealIds' in scope && mapping === 'contacts' && roles === undefined && definition === undefined
      ? await namedDealRows(clickhouse, scope.dealIds, lookbackDays)
      : await journeyRows(clickhouse, scope, lookbackDays, { mapping, definition, roles })
  const deals = rows.map((row) => ({
    createdAt: Number(row.created_ms),
    ...(row.won_ms === null ? {} : { wonAt: Number(row.won_ms) }),
    ...(row.mql_ms === null ? {} : { mqlAt: Number(row.mql_ms) }),
  }))
  const amounts = await convertDealAmounts(
    clickhouse,
    rows.map((row, index) => ({
      currency: row.currency,
      amountCents: Number(row.amount_cents),
      wonAmountCents: Number(row.won_amount_cents),
      ...(deals[index] as DealTimes),
    })),
    reportingCurrency,
  )
  // Spreads last in both literals per deal: a property added after a spread costs V8 a slow path
  // (docs/architecture.md, "Code on the per-event path").
  return rows.map((row, index) => {
    const { pipeline, revenue } = amounts[index] as DealAmounts
    return {
      dealId: row.deal_id,
      deal: deals[index] as DealTimes,
      currency: row.currency,
      pipeline,
      revenue,
      amountCents: pipeline.cents ?? 0,
      wonAmountCents: revenue.cents ?? 0,
      createdInWindow: Boolean(row.created_in_window),
      wonInWindow: Boolean(row.won_in_window),
      journeyKeys: row.journey_keys,
      touches: (row.touches ?? []).map(([touchId, occurredAt, campaignId, channel, touchType, identified]) => ({
        touchId,
        occurredAt: Number(occurredAt),
        campaignId,
        channel,
        touchType,
        identified: Boolean(identified),
      })),
      ...(row.without_primary ? { withoutPrimaryContact: true } : {}),
    }
  })
}

/** Whether a deal of the `deals` view was created, and won, in the window of the `from` and `to` parameters. */
const inWindowColumns = `created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')} AS created_in_window,
       is_won AND won_at >= {from:DateTime64(3, 'UTC')} AND won_at < {to:DateTime64(3, 'UTC')} AS won_in_window`

/** The rows of the deals in scope, with their journeys' touches, joined in ClickHouse: any scope and mapping. */
async function journeyRows(
  clickhouse: ClickHouse,
  scope: JourneyScope,
  lookbackDays: number,
  { mapping, definition, roles }: { mapping: JourneyMapping; definition: DefinitionRef | undefined; roles: readonly string[] | undefined },
): Promise<JourneyRow[]> {
  const t = clickhouse.table
  const byWindow = 'window' in scope
  const inScope = byWindow ? 'created_in_window OR won_in_window' : 'deal_id IN {dealIds:Array(String)}'
  // Everyone who is or was a contact of the named deals, read from their events. Named deals under roles or the
  // primary contact read their people's touches by id (the contacts mapping does it in namedDealRows); a window's
  // deals, which can be any number, through the view, whose one join costs less than looking up the people of tens of
  // thousands of deals (9 s against 12 s for a month of a million deals).
  const contactsOfDeals = `SELECT arrayJoin(contact_ids) FROM ${t('deal_events')} WHERE deal_id IN {dealIds:Array(String)}`
  // Each deal has journey keys (its contacts, or its account) and each touch one key; the journey is where they meet.
  const dealKeys = journeyKeysOf(mapping, roles)
  // Roles are read only by the questions that ask about them, for the deals in scope (deal_events is ordered by deal).
  const byRoles = mapping === 'primary_contact' || (mapping === 'contacts' && roles !== undefined)
  const dealSource = byRoles
    ? `(SELECT d.*, r.role_person_ids AS role_person_ids, r.role_names AS role_names, r.primary_contact_id AS primary_contact_id
        FROM ${t('deals')} AS d
        LEFT JOIN (SELECT deal_id,
                          argMaxIf(role_person_ids, (occurred_at, position), has_contact_roles) AS role_person_ids,
                          argMaxIf(role_names, (occurred_at, position), has_contact_roles) AS role_names,
                          argMaxIf(primary_contact_id, (occurred_at, position), has_contact_roles) AS primary_contact_id
                   FROM ${t('deal_events')} FINAL
                   ${byWindow ? '' : 'WHERE deal_id IN {dealIds:Array(String)}'}
                   GROUP BY deal_id) AS r ON r.deal_id = d.deal_id)`
    : t('deals')
  const roleColumns = byRoles ? ', role_person_ids, role_names, primary_contact_id' : ''
  const touches =
    mapping === 'account'
      ? `(SELECT s.*, if(p.account_id != '', p.account_id, s.account_id) AS journey_key
          FROM ${t('touchpoints_stitched')} AS s LEFT JOIN ${t('persons')} AS p ON p.person_id = s.person_id)`
      : `(SELECT *, person_id AS journey_key FROM ${byWindow ? t('touchpoints_stitched') : stitchedTouchesOf(t, contactsOfDeals)})`
  const result = await clickhouse.client.query({
    query: `
      WITH scope AS (
        SELECT deal_id, account_id, created_at, won_at, amount_cents, won_amount_cents, currency, contact_ids${roleColumns},
               ${inWindowColumns}
        FROM ${dealSource}
        WHERE ${inScope}
      ),
      keys AS (
        SELECT deal_id, created_at, greatest(created_at, coalesce(won_at, created_at)) AS journey_end,
               arrayJoin(${dealKeys}) AS journey_key
        FROM scope
        WHERE journey_key != ''
      ),
      journey_touches AS (
        SELECT c.deal_id AS deal_id,
               groupArray((t.touchpoint_id, toUnixTimestamp64Milli(t.occurred_at), t.campaign_id, t.channel,
                           t.touch_type, t.identified)) AS touches
        -- The deals' keys on the right: ClickHouse builds the hash table from the right side, and the keys of a few
        -- deals are a far smaller table than the touches (at ten million touches, 300 ms against 10 s for 50 deals).
        FROM ${touches} AS t
        INNER JOIN keys AS c ON t.journey_key = c.journey_key
        WHERE t.occurred_at >= c.created_at - toIntervalDay({lookbackDays:UInt32}) AND t.occurred_at <= c.journey_end
        GROUP BY c.deal_id
      ),
      deal_mqls AS (${
        definition
          ? `SELECT k.deal_id AS deal_id, max(l.q_at) AS deal_mql_at
             FROM (SELECT ${mapping === 'account' ? 'account_id' : 'person_id'} AS journey_key, q_at
                   FROM ${t('lead_lifecycles')} FINAL ARRAY JOIN qualified_at AS q_at
                   WHERE definition_id = {definitionId:String} AND version = {definitionVersion:UInt32}) AS l
             INNER JOIN keys AS k ON l.journey_key = k.journey_key
             WHERE l.q_at <= k.journey_end
             GROUP BY k.deal_id`
          : `SELECT '' AS deal_id, CAST(NULL AS Nullable(DateTime64(3, 'UTC'))) AS deal_mql_at WHERE 0`
      })
      SELECT s.deal_id AS deal_id,
             toUnixTimestamp64Milli(s.created_at) AS created_ms,
             if(s.won_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(s.won_at))) AS won_ms,
             if(m.deal_mql_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(m.deal_mql_at))) AS mql_ms,
             s.amount_cents AS amount_cents,
             s.won_amount_cents AS won_amount_cents,
             s.currency AS currency,
             s.created_in_window AS created_in_window,
             s.won_in_window AS won_in_window,
             j.touches AS touches,
             arrayFilter(key -> key != '', ${dealKeys}) AS journey_keys,
             ${mapping === 'primary_contact' ? withoutPrimary : '0'} AS without_primary
      FROM scope AS s
      LEFT JOIN journey_touches AS j ON j.deal_id = s.deal_id
      LEFT JOIN deal_mqls AS m ON m.deal_id = s.deal_id
      ORDER BY s.deal_id`,
    query_params: {
      ...windowParams(byWindow ? scope.window : {}),
      lookbackDays,
      dealIds: byWindow ? [] : scope.dealIds,
      definitionId: definition?.definitionId ?? '',
      definitionVersion: definition?.version ?? 0,
      roles: roles ?? [],
    },
    format: 'JSONEachRow',
  })
  return result.json<JourneyRow>()
}

type NamedDealRow = Omit<JourneyRow, 'touches' | 'journey_keys' | 'mql_ms' | 'without_primary'> & { contact_ids: string[] }

/**
 * The rows of named deals under the contacts mapping, as journeyRows gives them, in two keyed reads: the deals, then
 * their contacts' stitched touches (loadStitchedTouches), which are matched to each deal's journey window here. This
 * is the read every projector batch makes; joined in ClickHouse it cost about three times as much.
 */
async function namedDealRows(clickhouse: ClickHouse, dealIds: readonly string[], lookbackDays: number): Promise<JourneyRow[]> {
  const result = await clickhouse.client.query({
    query: `
      SELECT deal_id,
             toUnixTimestamp64Milli(created_at) AS created_ms,
             if(won_at IS NULL, NULL, toUnixTimestamp64Milli(assumeNotNull(won_at))) AS won_ms,
             amount_cents, won_amount_cents, currency, contact_ids, ${inWindowColumns}
      FROM ${clickhouse.table('deals')}
      WHERE deal_id IN {dealIds:Array(String)}
      ORDER BY deal_id`,
    query_params: { ...windowParams({}), dealIds },
    format: 'JSONEachRow',
  })
  const deals = await result.json<NamedDealRow>()
  const touchesOf = await loadStitchedTouches(clickhouse, [...new Set(deals.flatMap((deal) => deal.contact_ids))].filter((id) => id !== ''))
  return deals.map(({ contact_ids, ...deal }) => {
    const journeyKeys = contact_ids.filter((key) => key !== '')
    const createdMs = Number(deal.created_ms)
    const startMs = createdMs - lookbackDays * msPerDay
    const endMs = Math.max(createdMs, deal.won_ms === null ? createdMs : Number(deal.won_ms))
    const touches: TouchTuple[] = []
    // Key by key, as the join in journeyRows matches them: a contact named twice brings its touches twice.
    for (const key of journeyKeys) {
      for (const touch of touchesOf.get(key) ?? []) {
        if (touch.occurredAt >= startMs && touch.occurredAt <= endMs) {
          touches.push([touch.touchpointId, touch.occurredAt, touch.campaignId, touch.channel, touch.touchType, touch.identified])
        }
      }
    }
    return { ...deal, mql_ms: null, touches, journey_keys: journeyKeys, without_primary: 0 }
  })
}
