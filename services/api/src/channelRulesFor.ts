import { attributionModels, defaultAttributionOptions, sameRules, type RulesVersion } from '@attribution/domain'
import { badRequest, RequestError } from './errors.ts'
import type { ApiPorts } from './ports.ts'

/** What a question asked under other channel rules must keep: the credits the projector keeps, of rule-based models. */
interface RulesQuestion {
  channelRules?: RulesVersion
  models: readonly string[]
  mapping: string
  lookbackDays: number
  halfLifeDays: number
}

/**
 * The channel rules an attribution question names (`channelRules=id@N`), when they are a replayed version other than
 * the active one: then the answer maps each credited touch to its channel and campaign under them. undefined for the
 * active version (answered as any question is). A touch's share under a rule-based model does not depend on its channel,
 * so those models are answered from their kept credits; markov and shapley learn from the channels, and custom
 * weights read milestones without touch ids, so they are refused with the reason.
 */
export async function channelRulesFor(ports: ApiPorts, question: RulesQuestion): Promise<RulesVersion | undefined> {
  const asked = question.channelRules
  if (asked === undefined || sameRules(asked, await ports.queries.activeChannelRules())) return undefined
  const problem = question.models.some((model) => !(attributionModels as readonly string[]).includes(model))
    ? 'is answered for the rule-based models only (markov and shapley learn from the channels, custom weights from milestones)'
    : question.mapping !== 'contacts' ||
        question.lookbackDays !== defaultAttributionOptions.lookbackDays ||
        question.halfLifeDays !== defaultAttributionOptions.halfLifeDays
      ? 'is answered with the default mapping, lookback and half-life only'
      : undefined
  if (problem !== undefined) throw badRequest('query', [{ path: 'querystring.channelRules', message: problem }])
  if (!(await ports.replays.replayedChannelRules(asked.rulesId)).includes(asked.version)) {
    const { rulesId, version } = asked
    throw new RequestError(409, `channel rules ${rulesId}@${version} have not been replayed: POST /v1/channel-rules/${rulesId}/replay?version=${version}`)
  }
  return asked
}
