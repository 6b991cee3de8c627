import type { Event } from './events.ts'

/** The stream of one lead definition: every version published under its id, in the order they were published. */
export const leadDefinitionStream = (definitionId: string): string => `lead-definition-${definitionId}`

/** One stream for every activation: which version is active is a single, ordered history, decided on this stream. */
export const leadDefinitionActivationStream = 'lead-definition-activations'

/** The stream of one set of channel rules: every version published under its id. */
export const channelRulesStream = (rulesId: string): string => `channel-rules-${rulesId}`

/** One stream for every activation of channel rules: one set is active at a time. */
export const channelRulesActivationStream = 'channel-rules-activations'

/** The stream of one saved custom model: each save of its name, the latest holding its weights. */
export const attributionModelStream = (name: string): string => `attribution-model-${name}`

/**
 * The stream an event belongs to: the entity whose history it is part of. Events of one stream keep their order end
 * to end (the same id is the Kafka key), so a person's or a deal's history is never reordered in transit.
 */
export function streamIdOf(event: Event): string {
  switch (event.type) {
    case 'touchpoint.recorded':
      return event.data.personId !== undefined ? `person-${event.data.personId}` : `anonymous-${event.data.anonymousId}`
    case 'identity.linked':
    case 'person.updated':
    case 'lead.handed_off':
    case 'lead.accepted':
    case 'lead.rejected':
    case 'sales.activity.logged':
      return `person-${event.data.personId}`
    case 'account.updated':
      return `account-${event.data.accountId}`
    case 'campaign.updated':
    case 'campaign.cost.recorded':
      return `campaign-${event.data.campaignId}`
    case 'deal.created':
    case 'deal.updated':
    case 'deal.won':
    case 'deal.lost':
      return `deal-${event.data.dealId}`
    case 'exchange_rate.recorded':
      return `exchange-rate-${event.data.currency}`
    case 'lead_definition.published':
      return leadDefinitionStream(event.data.definitionId)
    case 'lead_definition.activated':
      return leadDefinitionActivationStream
    case 'channel_rules.published':
      return channelRulesStream(event.data.rulesId)
    case 'channel_rules.activated':
      return channelRulesActivationStream
    case 'attribution_model.saved':
      return attributionModelStream(event.data.name)
  }
}
