import type { AttributionLevel, AttributionModel, AttributionOptions, CustomWeights } from '@attribution/domain'
import type { TrainingScope } from '../credits/trainingScope.ts'
import type { JourneyMapping } from '../journeys/journeys.ts'
import type { DefinitionRef } from '../leads/definitionRef.ts'
import type { TimeWindow } from '../answers/window.ts'

/** A rule-based model by name, custom position weights, or a data-driven model trained on conversion paths. */
export type ModelChoice = AttributionModel | 'custom' | 'markov' | 'shapley'

export interface AttributionQuery extends TimeWindow, AttributionOptions {
  model: ModelChoice
  /** Credit campaigns, or channels. */
  level: AttributionLevel
  /** Whose touches make a journey; `contacts` when absent. */
  mapping?: JourneyMapping
  /**
   * With the `contacts` mapping: only the contacts holding one of these roles in the deal (its contactRoles) make its
   * journey. A deal none of whose contacts holds one has no journey, and counts as unattributed.
   */
  roles?: readonly string[]
  /** What markov and shapley learn from: every journey ever (`history`, when absent) or the window's. */
  training?: TrainingScope
  /** The weights of the `custom` model. */
  weights?: CustomWeights
  /**
   * The lead definition version whose MQLs count: where the custom model's MQL milestone sits, and the MQLs of cost
   * per MQL. Without one, no touch holds the MQL milestone and MQLs are not reported.
   */
  definition?: DefinitionRef
  /**
   * A replayed version of channel rules that is not active (`id@version`): touches are labelled with its channels and
   * campaigns (rule-based models with the kept settings only: rulesTallies.ts). Absent: the active rules.
   */
  channelRules?: string
}
