import type { AttributionModel, AttributionOptions } from './attributionModel.ts'
import { weighCustom } from './customModel.ts'
import type { CustomWeights } from './customWeights.ts'
import type { AttributionLevel } from './dataDriven/attributionLevel.ts'
import { markovCredits } from './dataDriven/markov.ts'
import { shapleyCredits, type ConversionRates } from './dataDriven/shapley.ts'
import { weighByLabels } from './dataDriven/weighByLabels.ts'
import type { DealTimes, JourneyTouch } from './journey.ts'
import { weigh, type WeightedTouch } from './weigh.ts'

/**
 * Everything a model needs to weigh one deal's journey: a rule-based model by name, custom position weights, or a
 * data-driven model with what it learnt from the conversion paths (Markov shares, Shapley's coalition values).
 */
export type ModelSpec =
  | { kind: 'rule'; model: AttributionModel }
  | { kind: 'custom'; weights: CustomWeights }
  | { kind: 'markov'; level: AttributionLevel; shares: ReadonlyMap<string, number> }
  | { kind: 'shapley'; level: AttributionLevel; rates: ConversionRates }

/** The deal's journey under the model, each touch with its weight (summing to 1); empty when unattributed. */
export function weighBySpec(
  spec: ModelSpec,
  deal: DealTimes,
  touches: readonly JourneyTouch[],
  options: AttributionOptions,
): WeightedTouch[] {
  switch (spec.kind) {
    case 'rule':
      return weigh(spec.model, deal, touches, options)
    case 'custom':
      return weighCustom(spec.weights, deal, touches, options)
    case 'markov':
      return weighByLabels((labels) => markovCredits(spec.shares, labels), spec.level, deal, touches, options)
    case 'shapley':
      return weighByLabels((labels) => shapleyCredits(spec.rates, labels), spec.level, deal, touches, options)
  }
}
