export { openClickHouse } from './connection.ts'
export type { ClickHouse, ClickHouseOptions } from './connection.ts'
export { migrate } from './migrate.ts'
export { rowsOfBatch, toClickHouseTime } from './rows.ts'
export type { PositionedEvent, Row, TableRows } from './rows.ts'
export { compactRows, deleteFactsOf, insertCompact, writeRows } from './writer.ts'
export { readCheckpoint, writeCheckpoint } from './checkpoints.ts'
export type { Checkpoint } from './checkpoints.ts'
export { affectedDeals, allDealIds, creditLinesOf, refreshDealCredits, ruleCreditModels } from './creditLines.ts'
export type { CreditModel } from './creditLines.ts'
export { buildRecorded, recordBuild } from './builds.ts'
export type { BuildTable } from './builds.ts'
export { historyPaths, journeysIn, trainingScopes } from './conversionPaths.ts'
export type { TrainingScope } from './conversionPaths.ts'
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
} from './trainedModels.ts'
export type { Training, TrainedSpecs } from './trainedModels.ts'
export type { TrainingInfo } from './tallies.ts'
export { refreshCreditSums, resumUnfinishedDays } from './creditSums.ts'
export { revenueByCampaign, servedRevenueByCampaign } from './revenueByCampaign.ts'
export type { CampaignRevenue, RevenueByCampaign } from './revenueByCampaign.ts'
export type { AttributionQuery, ModelChoice } from './attributionQuery.ts'
export { journeyMappings } from './journeys.ts'
export type { JourneyMapping } from './journeys.ts'
export { dealJourney } from './dealJourney.ts'
export type { DealJourneyAnswer, JourneyQuery, JourneyStep } from './dealJourney.ts'
export type { TimeWindow } from './window.ts'
export { activeDefinition, definitionInUse, definitionOf, loadLeadDefinitions, readableVersions, resolveDefinition } from './leadDefinitions.ts'
export type { DefinitionRef, ResolvedDefinition, StoredLeadDefinition } from './leadDefinitions.ts'
export { loadCustomModels } from './customModels.ts'
export type { StoredCustomModel } from './customModels.ts'
export {
  creditsKeptFor,
  customCreditKey,
  customCreditModel,
  forgetCustomCredits,
  loadCustomCredits,
  retireCustomCredits,
  saveCustomCredits,
  savedCustomModels,
} from './customModelCredits.ts'
export type { CustomCredits, CustomModelAnswers, SavedCustomModel } from './customModelCredits.ts'
export { insertLifecycleBatch, lifecycleBatch, refreshLeadLifecycles } from './leadLifecycles.ts'
export type { LifecycleBatch } from './leadLifecycles.ts'
export { dropStagedFactsExcept, historiesOf, stagePersonFacts } from './personFacts.ts'
export { isRunning, loadReplayJobs, replayProgress, runningReplayIds, saveReplayJob } from './replayJobs.ts'
export type { ReplayJob } from './replayJobs.ts'
export { funnel, funnelGroupings, funnelStages } from './funnel.ts'
export type { Funnel, FunnelQuery } from './funnel.ts'
export { handoffs } from './handoffs.ts'
export type { Handoffs } from './handoffs.ts'
export { compareDefinitions } from './compareDefinitions.ts'
export type { ComparisonQuery, DefinitionComparison } from './compareDefinitions.ts'
export { answerCache } from './answerCache.ts'
export type { AnswerCache } from './answerCache.ts'
export { countQuarantined, loadQuarantined, requestRetry, saveQuarantined } from './quarantine.ts'
export type { QuarantinedEvent, QuarantineFilter, QuarantineState } from './quarantine.ts'
export { registryProblems } from './registryProblems.ts'
