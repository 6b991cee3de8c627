export { attributionModels, defaultAttributionOptions } from './attributionModel.ts'
export type { AttributionModel, AttributionOptions } from './attributionModel.ts'
export { journeyOf, journeyUntil, msPerDay, winJourneyEnd } from './journey.ts'
export type { DealTimes, JourneyEnd, JourneyTouch } from './journey.ts'
export { milestones, milestonesOf } from './milestones.ts'
export type { Milestone } from './milestones.ts'
export { checkedTotal, heldTouchWeight, positionBasedWeights, positionShares, weightedMilestones } from './positionBased.ts'
export type { PositionShares, SlotWeights } from './positionBased.ts'
export { timeDecayWeights } from './timeDecay.ts'
export { weigh } from './weigh.ts'
export type { WeightedTouch } from './weigh.ts'
export { allocateCents, weightParts } from './allocateCents.ts'
export { attribute } from './attribute.ts'
export type { Credit } from './attribute.ts'
export { creditDeal, creditWeighted, SHARE_SCALE } from './dealCredits.ts'
export { weighBySpec } from './modelSpec.ts'
export type { ModelSpec } from './modelSpec.ts'
export type { DealCredit } from './dealCredits.ts'
export { parseCustomWeights, parseCustomWeightsQuery, sameWeights, slotNames } from './customWeights.ts'
export type { CustomWeights, CustomWeightsParse, SlotName } from './customWeights.ts'
export { weighCustom } from './customModel.ts'
export { bitsOfMilestones, journeyMilestones, milestoneBits, milestonesOfBits, withMql } from './journeyMilestones.ts'
export type { JourneyMilestones } from './journeyMilestones.ts'
export { attributionLevels, labelOf } from './dataDriven/attributionLevel.ts'
export type { AttributionLevel } from './dataDriven/attributionLevel.ts'
export type { ConversionPath } from './dataDriven/conversionPath.ts'
export { markovAttribution, markovChain, markovCredits } from './dataDriven/markov.ts'
export type { MarkovAttribution, MarkovChain } from './dataDriven/markov.ts'
export { coalitionKey, maxExactLabels, observedConversionRates, shapleyCredits, shapleyValues } from './dataDriven/shapley.ts'
export type { ConversionRates } from './dataDriven/shapley.ts'
export { weighByLabels } from './dataDriven/weighByLabels.ts'
export { parseLeadDefinition } from './leadDefinition/parseLeadDefinition.ts'
/** At most this many problems are listed for one document, then a count of the rest. */
export { maxReportedErrors } from './leadDefinition/limits.ts'
export { validateLeadDefinition, leadDefinitionSchema } from './leadDefinition/schema.ts'
export { formatDefinitionError } from './leadDefinition/definitionError.ts'
export type { DefinitionError, DefinitionFormat, DefinitionParse } from './leadDefinition/definitionError.ts'
export type {
  AttributeValue,
  Attributes,
  BehaviourRule,
  FitCondition,
  FitRule,
  LeadDefinition,
  MqlRule,
  OneOrMany,
  RecycleRule,
  TouchMatch,
} from './leadDefinition/definition.ts'
export { behaviourScore, fitHolds, fitScore, qualifies, scoreAt, touchMatches } from './leadDefinition/scoring.ts'
export type { LeadTouch, Profile, RuleScore, Score } from './leadDefinition/scoring.ts'
export { lifecycleOf } from './leadDefinition/lifecycle.ts'
export { byOccurredAtThenEventId } from './leadDefinition/factOrder.ts'
export type { Lifecycle, LifecycleOptions, PersonFact, Qualification, Stage, Transition } from './leadDefinition/lifecycle.ts'
export { matchesPattern, patternProblem } from './leadDefinition/glob.ts'
export { stateOf } from './registries/decider.ts'
export type { Decider, Decision } from './registries/decider.ts'
export { leadDefinitionVersions, publicationEventId, publishedVersion } from './registries/leadDefinitionVersions.ts'
export type { LeadDefinitionVersions, PublishedVersion, PublishLeadDefinition, VersionTaken } from './registries/leadDefinitionVersions.ts'
export { leadDefinitionActivation, sameVersion } from './registries/leadDefinitionActivation.ts'
export type {
  ActivateLeadDefinition,
  ActivationRefusal,
  ActiveDefinition,
  DefinitionVersion,
} from './registries/leadDefinitionActivation.ts'
export { customModelSaves } from './registries/customModelSaves.ts'
export type { RevisionMoved, SaveCustomModel, SavedModel } from './registries/customModelSaves.ts'
export { convertAt, convertCents, rateInEffect, scaledRate } from './currencyConversion.ts'
export type { CurrencyConversion, RatePoint } from './currencyConversion.ts'
export { parseChannelRules, validateChannelRules } from './channelRules/parseChannelRules.ts'
export type { ChannelRulesParse } from './channelRules/parseChannelRules.ts'
export { channelClassifier } from './channelRules/classifyTouch.ts'
export type { Classifier } from './channelRules/classifyTouch.ts'
export { defaultChannelRules } from './channelRules/defaultChannelRules.ts'
export { unassignedChannel } from './channelRules/channelRules.ts'
export type { ChannelRule, ChannelRules, Classification, RawTouch, RuleConditions } from './channelRules/channelRules.ts'
export { channelRulesVersions, rulesPublicationEventId } from './registries/channelRulesVersions.ts'
export type { ChannelRulesVersions, PublishChannelRules, PublishedRules, RulesVersionTaken } from './registries/channelRulesVersions.ts'
export { channelRulesActivation, sameRules } from './registries/channelRulesActivation.ts'
export type { ActivateChannelRules, ActiveRules, RulesActivationRefusal, RulesVersion } from './registries/channelRulesActivation.ts'
