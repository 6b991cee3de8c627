import { toCents } from '@attribution/contracts'
import { toClickHouseTime, type Row, type TableRows } from '@attribution/clickhouse'
import { channelClassifier, defaultChannelRules, type Classifier } from '@attribution/domain'
import type { PositionedEvent } from '../projection/positionedEvent.ts'

function stringAttributes(attributes: Record<string, string | number | boolean> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes ?? {}).map(([key, value]) => [key, String(value)]))
}

const cents = (amount: number | undefined): number => (amount === undefined ? 0 : (toCents(amount) ?? 0))

/** The channel rules a touch's missing campaign and channel are derived under: their classifier and `id@version`. */
export interface TouchClassification {
  classify: Classifier
  rulesRef: string
}

/**
 * The shipped `default` rules, active until another set is: what a fresh install classifies with (with or without the
 * sample data), and what code that writes facts outside the projector (tests, benches) classifies with.
 */
export const shippedClassification: TouchClassification = {
  classify: channelClassifier(defaultChannelRules),
  rulesRef: `${defaultChannelRules.id}@${defaultChannelRules.version}`,
}

/**
 * The pure projection: one event to the fact rows it contributes. No reads, no state, so applying an event twice or
 * after a restart yields the same rows, and ReplacingMergeTree keeps one of them. A touch that does not state its
 * campaign and channel gets them from `rules` (the active channel rules), and keeps its raw fields for a replay.
 */
export function rowsOf({ event, position }: PositionedEvent, rules = shippedClassification): [table: string, row: Row] {
  // Spread last in every row: V8 adds each property that follows a spread through a slow path, which made this
  // function cost 55 µs per touch instead of 5 (docs/architecture.md, "Code on the per-event path").
  const common = { event_id: event.eventId, occurred_at: toClickHouseTime(event.occurredAt), position: position.prepare.toString() }
  switch (event.type) {
    case 'touchpoint.recorded': {
      const data = event.data
      const { campaignId, channel } = rules.classify(data)
      return [
        'touchpoints',
        {
          touchpoint_id: data.touchpointId ?? event.eventId,
          person_id: data.personId ?? '',
          anonymous_id: data.anonymousId ?? '',
          account_id: data.accountId ?? '',
          campaign_id: campaignId,
          channel,
          touch_type: data.touchType,
          content: data.content ?? '',
          cost_cents: cents(data.cost),
          url: data.url ?? '',
          referrer: data.referrer ?? '',
          utm_source: data.utm?.source ?? '',
          utm_medium: data.utm?.medium ?? '',
          utm_campaign: data.utm?.campaign ?? '',
          utm_term: data.utm?.term ?? '',
          utm_content: data.utm?.content ?? '',
          stated_campaign_id: data.campaignId ?? '',
          stated_channel: data.channel ?? '',
          channel_rules: data.campaignId !== undefined && data.channel !== undefined ? '' : rules.rulesRef,
          ...common,
        },
      ]
    }
    case 'identity.linked':
      return ['identity_links', { anonymous_id: event.data.anonymousId, person_id: event.data.personId, ...common }]
    case 'person.updated':
      return [
        'person_updates',
        {
          person_id: event.data.personId,
          account_id: event.data.accountId ?? '',
          attributes: stringAttributes(event.data.attributes),
          ...common,
        },
      ]
    case 'account.updated':
      return ['account_updates', { account_id: event.data.accountId, attributes: stringAttributes(event.data.attributes), ...common }]
    case 'campaign.updated':
      return [
        'campaign_updates',
        {
          campaign_id: event.data.campaignId,
          name: event.data.name ?? '',
          channel: event.data.channel ?? '',
          attributes: stringAttributes(event.data.attributes),
          ...common,
        },
      ]
    case 'campaign.cost.recorded':
      return [
        'campaign_costs',
        {
          campaign_id: event.data.campaignId,
          amount_cents: cents(event.data.amount),
          currency: event.data.currency,
          period_start: toClickHouseTime(event.data.periodStart),
          period_end: toClickHouseTime(event.data.periodEnd),
          // The cost it states: a costId recorded again replaces the earlier amount (030_campaign_cost_ids.sql).
          cost_id: event.data.costId !== undefined ? `cost:${event.data.costId}` : `event:${event.eventId}`,
          ...common,
        },
      ]
    case 'lead.handed_off':
    case 'lead.accepted':
    case 'lead.rejected':
    case 'sales.activity.logged': {
      const data = event.data as { personId: string; ownerId: string; reason?: string; activityType?: string }
      return [
        'lead_events',
        {
          person_id: data.personId,
          owner_id: data.ownerId,
          kind: leadEventKinds[event.type],
          reason: data.reason ?? '',
          activity_type: data.activityType ?? '',
          ...common,
        },
      ]
    }
    case 'deal.created':
    case 'deal.updated':
    case 'deal.won':
    case 'deal.lost': {
      const data = event.data as {
        dealId: string
        accountId?: string
        amount?: number
        currency?: string
        stage?: string
        contactIds?: string[]
        contactRoles?: { personId: string; role: string; isPrimary?: boolean }[]
        isNewBusiness?: boolean
        reason?: string
      }
      const roles = data.contactRoles ?? []
      // The persons of contact roles are contacts of the deal as well: the journey of every mapping starts from them.
      const contacts = [...(data.contactIds ?? []), ...roles.map((role) => role.personId)]
      return [
        'deal_events',
        {
          deal_id: data.dealId,
          kind: event.type.slice('deal.'.length),
          account_id: data.accountId ?? '',
          amount_cents: cents(data.amount),
          has_amount: data.amount === undefined ? 0 : 1,
          currency: data.currency ?? '',
          stage: data.stage ?? '',
          contact_ids: [...new Set(contacts)],
          has_contacts: data.contactIds === undefined && data.contactRoles === undefined ? 0 : 1,
          role_person_ids: roles.map((role) => role.personId),
          role_names: roles.map((role) => role.role),
          primary_contact_id: roles.find((role) => role.isPrimary)?.personId ?? '',
          has_contact_roles: data.contactRoles === undefined ? 0 : 1,
          is_new_business: data.isNewBusiness ? 1 : 0,
          reason: data.reason ?? '',
          ...common,
        },
      ]
    }
    case 'exchange_rate.recorded':
      return ['exchange_rates', { currency: event.data.currency, rate: event.data.rate, ...common }]
    case 'lead_definition.published': {
      const { definitionId, version, name, format, document } = event.data
      const { occurred_at, ...rest } = common
      return [
        'lead_definitions',
        { published_at: occurred_at, definition_id: definitionId, version, name, format, document, ...rest },
      ]
    }
    case 'lead_definition.activated':
      return ['lead_definition_activations', { definition_id: event.data.definitionId, version: event.data.version, ...common }]
    case 'channel_rules.published': {
      const { rulesId, version, format, document } = event.data
      const { occurred_at, ...rest } = common
      return ['channel_rule_sets', { published_at: occurred_at, rules_id: rulesId, version, format, document, ...rest }]
    }
    case 'channel_rules.activated':
      return ['channel_rules_activations', { rules_id: event.data.rulesId, version: event.data.version, ...common }]
    case 'attribution_model.saved':
      return ['custom_models', { name: event.data.name, weights: event.data.weights, ...common }]
  }
}

const leadEventKinds = {
  'lead.handed_off': 'handed_off',
  'lead.accepted': 'accepted',
  'lead.rejected': 'rejected',
  'sales.activity.logged': 'activity',
} as const

/** Groups the rows of a batch of events by table, ready for one insert per table. */
export function rowsOfBatch(events: readonly PositionedEvent[], rules = shippedClassification): TableRows {
  const tables: TableRows = new Map()
  for (const positioned of events) {
    const [table, row] = rowsOf(positioned, rules)
    const rows = tables.get(table)
    if (rows) rows.push(row)
    else tables.set(table, [row])
  }
  return tables
}
