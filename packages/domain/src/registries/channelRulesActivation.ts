import type { EventOf } from '@attribution/contracts'
import type { Decider } from './decider.ts'
import { decideActivation, type ActivationDenied } from './versionedDocuments.ts'

type Activated = EventOf<'channel_rules.activated'>

/** A version of channel rules (`id@version`). */
export interface RulesVersion {
  rulesId: string
  version: number
}

/** The rules every touch is classified under: the latest activation; null before the first (the shipped `default`). */
export interface ActiveRules {
  active: RulesVersion | null
}

/** Make a replayed version the active one, replacing the version the requester saw active. */
export interface ActivateChannelRules extends RulesVersion {
  replayed: boolean
  replaces: RulesVersion | null
  eventId: string
  at: string
}

export type RulesActivationRefusal = ActivationDenied<RulesVersion>

export const sameRules = (a: RulesVersion | null, b: RulesVersion | null): boolean =>
  a === b || (a !== null && b !== null && a.rulesId === b.rulesId && a.version === b.version)

/**
 * Activating channel rules, decided on the one stream of their activations (`channel-rules-activations`), as lead
 * definitions are: a repeat of the active version appends nothing; a version not replayed, or decided on an active
 * version that another activation has replaced since, is refused.
 */
export const channelRulesActivation: Decider<ActivateChannelRules, ActiveRules, Activated, RulesActivationRefusal> = {
  eventTypes: ['channel_rules.activated'],
  initialState: () => ({ active: null }),
  evolve: (_state, { data: { rulesId, version } }) => ({ active: { rulesId, version } }),
  decide(command, { active }) {
    const { rulesId, version, eventId, at } = command
    return decideActivation(
      active,
      { version: { rulesId, version }, replayed: command.replayed, replaces: command.replaces },
      sameRules,
      (denied) => denied,
      () => ({ eventId, type: 'channel_rules.activated', occurredAt: at, data: { rulesId, version } }),
    )
  },
}
