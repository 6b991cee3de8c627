// The read model's public surface, folder by folder in the order they import each other (docs/architecture.md).
export { migrationsFolder } from './migrations.ts'

// projection/: what every projection shares.
export type { PositionedEvent } from './projection/positionedEvent.ts'
export { readCheckpoint, readCheckpoints, rowVersionOf, writeCheckpoint, writeCheckpoints } from './projection/checkpoints.ts'
export type { Checkpoint } from './projection/checkpoints.ts'
export { countQuarantined, loadQuarantined, requestRetry, saveQuarantined } from './projection/quarantine.ts'
export type { QuarantinedEvent, QuarantineFilter, QuarantineState } from './projection/quarantine.ts'

// facts/: events to fact rows, and the facts of each person.
export { rowsOfBatch, shippedClassification } from './facts/rows.ts'
export type { TouchClassification } from './facts/rows.ts'
export { deleteFactsOf } from './facts/deleteFacts.ts'
export { dropStagedFactsExcept, historiesOf, stagePersonFacts } from './facts/personFacts.ts'
export type { AttributeOpener, OpenAttributes } from './facts/personFacts.ts'
export { clearPersonNames, forgetPersonNames, writePersonNames } from './facts/personNames.ts'
export type { PersonName } from './facts/personNames.ts'

// answers/: what every answer shares.
export type { TimeWindow } from './answers/window.ts'
export { answerCache } from './answers/answerCache.ts'
export type { AnswerCache, CacheLookup } from './answers/answerCache.ts'

// leads/: lead definitions, lifecycles, replays, and the funnel and handoffs they make.
export type { DefinitionRef } from './leads/definitionRef.ts'
export { activeDefinition, definitionInUse, definitionOf, loadLeadDefinitions, readableVersions, resolveDefinition } from './leads/leadDefinitions.ts'
export type { ResolvedDefinition, StoredLeadDefinition } from './leads/leadDefinitions.ts'
export { registryProblems } from './leads/registryProblems.ts'
export { insertLifecycleBatch, lifecycleBatch, refreshLeadLifecycles, refreshLifecyclesOf } from './leads/leadLifecycles.ts'
export type { LifecycleBatch } from './leads/leadLifecycles.ts'
export { isRunning, loadReplayJobs, replayProgress, runningReplayIds, saveReplayJob } from './leads/replayJobs.ts'
export type { ReplayJob, ReplaySubject } from './leads/replayJobs.ts'
export { funnel, funnelGroupings, funnelStages } from './leads/funnel.ts'
export type { Funnel, FunnelQuery } from './leads/funnel.ts'
export { handoffs } from './leads/handoffs.ts'
export type { Handoffs } from './leads/handoffs.ts'
export { compareDefinitions } from './leads/compareDefinitions.ts'
export type { ComparisonQuery, DefinitionComparison } from './leads/compareDefinitions.ts'

// channels/: channel rules: the versions published, the active one, what touches are classified with, their replays.
export { activeChannelRules, classificationOf, loadChannelRuleSets, replayedChannelRules, rulesRef, shippedRules } from './channels/channelRuleSets.ts'
export type { StoredChannelRules } from './channels/channelRuleSets.ts'
export { channelRulesInUse, classifyDerivedTouches, placementsUnder, writeTouchChannels } from './channels/touchChannels.ts'
export { countDerivedTouches, derivedTouchesAfter, touchesOfBatch } from './channels/derivedTouches.ts'
export type { StoredRawTouch } from './channels/derivedTouches.ts'
export { personsWithDerivedTouches, switchTouchesTo } from './channels/activation.ts'
export { compareChannelRules } from './channels/compareChannelRules.ts'
export type { ChannelRulesComparison, ChannelRulesComparisonQuery, MoneyMove, Placement, TouchMove } from './channels/compareChannelRules.ts'

// journeys/: deals' journeys.
export { journeyMappings } from './journeys/journeys.ts'
export type { JourneyMapping } from './journeys/journeys.ts'

// credits/: the credits the projector keeps, rule-based, custom and trained.
export { affectedDeals, allDealIds, creditLinesOf, refreshDealCredits, ruleCreditModels } from './credits/creditLines.ts'
export type { CreditModel } from './credits/creditLines.ts'
export { refreshCreditSums, resumUnfinishedDays } from './credits/creditSums.ts'
export { CreditSumKeeper } from './credits/creditSumKeeper.ts'
export { buildRecorded, recordBuild } from './credits/builds.ts'
export type { BuildTable } from './credits/builds.ts'
export { loadCustomModels } from './credits/customModels.ts'
export type { StoredCustomModel } from './credits/customModels.ts'
export {
  creditsKeptFor,
  customCreditKey,
  customCreditModel,
  forgetCustomCredits,
  loadCustomCredits,
  retireCustomCredits,
  saveCustomCredits,
  savedCustomModels,
} from './credits/customModelCredits.ts'
export type { CustomCredits, CustomModelAnswers, SavedCustomModel } from './credits/customModelCredits.ts'
export { trainingScopes } from './credits/trainingScope.ts'
export type { TrainingScope } from './credits/trainingScope.ts'
export type { TrainingInfo } from './credits/trainingInfo.ts'
export { historyPaths, journeysIn } from './credits/conversionPaths.ts'
export {
  dataDrivenModels,
  deleteTrained,
  forgetTraining,
  loadTrainedSpecs,
  loadTrainings,
  saveTrainedSpecs,
  saveTraining,
  trainedCreditModels,
  trainedPathSettings,
  trainSpecs,
} from './credits/trainedModels.ts'
export type { Training, TrainedSpecs } from './credits/trainedModels.ts'

// attribution/: the answers about campaigns' pipeline and revenue.
export type { AttributionQuery, ModelChoice } from './attribution/attributionQuery.ts'
export { revenueByCampaign, servedRevenueByCampaign } from './attribution/revenueByCampaign.ts'
export type { CampaignRevenue, RevenueByCampaign } from './attribution/revenueByCampaign.ts'
export { dealJourney } from './attribution/dealJourney.ts'
export type { DealJourneyAnswer, JourneyQuery, JourneyStep } from './attribution/dealJourney.ts'
export { dealOrders, listDeals } from './attribution/dealList.ts'
export type { DealList, DealListQuery, DealOrder, ListedDeal } from './attribution/dealList.ts'
