/**
 * Test support of the API, for tests only (production code never imports it; scripts/check-imports.ts checks): ports
 * that record what routes ask of them and answer what a test gives, so routes are tested through `inject()` alone.
 */
export { fakePorts } from './fakePorts.ts'
export type { FakePorts, PortAnswers, PortCall, PortName } from './fakePorts.ts'
export { InMemoryApiKeys } from './apiKeys.ts'
export { InMemoryEventLog } from './eventLog.ts'
export { injectTimed } from './injectTimed.ts'
export { portRefusal } from './portErrors.ts'
export { activatedEvent, publishedEvent } from './registryEvents.ts'
export {
  campaignRevenue,
  dealJourney,
  definitionComparison,
  engineStatus,
  funnelAnswer,
  funnelNumbers,
  handoffNumbers,
  handoffsAnswer,
  quarantinedEvent,
  replayJob,
  resolvedDefinition,
  revenueAnswer,
  storedDefinition,
} from './answers.ts'
export type {
  CampaignRevenue,
  DealJourney,
  DefinitionComparison,
  FunnelAnswer,
  HandoffNumbers,
  HandoffsAnswer,
  QuarantinedEvent,
  ReplayJob,
  ResolvedDefinition,
  RevenueAnswer,
  SavedCustomModel,
  StoredLeadDefinition,
} from './answers.ts'
