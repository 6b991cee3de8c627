/** The shapes of the public API's answers the dashboard reads, as its OpenAPI document (/docs/json) describes them. */
export interface ApiErrorBody {
  error: string
  message: string
  errors?: { path: string; message: string; line?: number; column?: number }[]
}

export interface AttributionOptions {
  models: string[]
  journeyModels: string[]
  levels: string[]
  mappings: string[]
  trainings: string[]
  defaults: { lookbackDays: number; halfLifeDays: number }
  currency: string
}

export interface SavedModel {
  name: string
  weights: Record<string, number>
  savedAt: string | null
  answers: string | null
}

export interface Credited {
  pipeline: number
  revenue: number
}

export interface CampaignRow extends Credited {
  campaignId: string | null
  campaignName: string | null
  channel: string | null
  dealsCreated: number
  dealsWon: number
  cost: number
  roi: number | null
  roas: number | null
  costPerWonDeal: number | null
  mqls: number | null
  costPerMql: number | null
}

export interface DefinitionUsed {
  definitionId: string
  version: number
  active: boolean
}

/** An amount in another currency with no exchange rate in effect yet: counted in no figure until one arrives. */
export interface UnconvertedAmount {
  currency: string
  measure: 'pipeline' | 'revenue' | 'cost'
  /** In that currency's major unit. */
  amount: number
  /** Deals (pipeline, revenue) or cost records (cost). */
  count: number
  earliestAt: string
}

export interface RevenueAnswer {
  model: string
  level: string
  currency: string
  definition: DefinitionUsed | null
  rows: CampaignRow[]
  totals: Omit<CampaignRow, 'campaignId' | 'campaignName' | 'channel'>
  unattributed: Credited & { dealsCreated: number; dealsWon: number }
  /** mapping=primary_contact: deals of the window naming no primary contact, whose journeys are all their contacts'. */
  dealsWithoutPrimaryContact: number | null
  unconverted: UnconvertedAmount[]
}

export interface ComparisonAnswer {
  models: string[]
  currency: string
  rows: { campaignId: string | null; campaignName: string | null; channel: string | null; models: Record<string, Credited> }[]
  totals: Record<string, Credited>
}

export interface FunnelNumbers {
  stages: Record<string, number>
  conversions: { from: string; to: string; entered: number; converted: number; rate: number | null; medianDays: number | null; p90Days: number | null }[]
}

export interface FunnelAnswer {
  definition: DefinitionUsed
  totals: FunnelNumbers
  groups: (FunnelNumbers & { key: string })[]
  currentStages: Record<string, number>
  wonRevenue: { total: number; newBusiness: number; newBusinessShare: number | null }
  unconverted: UnconvertedAmount[]
}

export interface HandoffNumbers {
  mqls: number
  handedOff: number
  accepted: number
  rejected: number
  undecided: number
  acceptanceRate: number | null
  followedUp: number
  followUpMedianHours: number | null
  followUpP90Hours: number | null
  neverFollowedUp: number
  overdue: number
  withinSla: number
}

export interface HandoffsAnswer {
  definition: DefinitionUsed
  slaHours: number | null
  totals: HandoffNumbers
  groups: (HandoffNumbers & { key: string })[]
  rejectionReasons: { reason: string; count: number; share: number }[]
  owners: (HandoffNumbers & { ownerId: string })[]
}

export interface StoredDefinition {
  definitionId: string
  version: number
  name: string
  format: 'yaml' | 'json'
  document: string
  publishedAt: string
  replayed: boolean
  active: boolean
}

export interface DefinitionsAnswer {
  definitions: StoredDefinition[]
  active: { definitionId: string; version: number } | null
}

export interface ReplayJob {
  jobId: string
  definitionId: string
  version: number
  state: 'running' | 'done' | 'failed'
  eventsTotal: number
  eventsProcessed: number
  eventsPerSecond: number | null
  etaSeconds: number | null
  error?: string
}

export interface DefinitionComparison {
  base: { definition: DefinitionUsed; funnel: FunnelNumbers; handoffs: HandoffNumbers }
  candidate: { definition: DefinitionUsed; funnel: FunnelNumbers; handoffs: HandoffNumbers }
  mqls: { onlyBase: { count: number; sample: string[] }; onlyCandidate: { count: number; sample: string[] }; both: number }
  attribution: {
    weights: string
    rows: { campaignId: string | null; campaignName: string | null; channel: string | null; base: Credited; candidate: Credited; change: Credited }[]
  }
}

export interface ListedDeal {
  dealId: string
  accountId: string
  /** Null while no exchange rate converts it. */
  amount: number | null
  createdAt: string
  outcome: 'open' | 'won' | 'lost'
  wonAt: string | null
  wonAmount: number | null
  currency: string
  originalAmount: number
}

export interface DealsAnswer {
  deals: ListedDeal[]
  total: number
  currency: string
}

export interface JourneyTouch extends Credited {
  touchpointId: string
  occurredAt: string
  campaignId: string
  campaignName: string | null
  channel: string
  touchType: string
  identified: boolean
  milestones: string[]
  share: number
}

export interface JourneyAnswer {
  dealId: string
  model: string
  createdAt: string
  wonAt: string | null
  /** In the reporting currency; null while no exchange rate converts it. */
  amount: number | null
  wonAmount: number | null
  /** The deal's own currency and amounts, as booked, and the rates applied ('1' at par, null while none). */
  currency: string
  originalAmount: number
  originalWonAmount: number | null
  pipelineRate: string | null
  revenueRate: string | null
  touches: JourneyTouch[]
}

export interface StatusAnswer {
  eventStore: { head: string | null; events: number }
  projections: { name: string; position: string | null; eventsProcessed: number; lag: number; quarantined: number; retryRequested: number }[]
}

/** GET /v1/channel-rules */
export interface StoredChannelRules {
  rulesId: string
  version: number
  format: 'yaml' | 'json'
  document: string
  publishedAt: string
  replayed: boolean
  active: boolean
}

export interface ChannelRulesAnswer {
  rules: StoredChannelRules[]
  active: { rulesId: string; version: number }
}

interface Placement {
  channel: string
  campaignId: string
}

/** GET /v1/channel-rules/compare */
export interface ChannelRulesComparisonAnswer {
  base: { rulesId: string; version: number }
  candidate: { rulesId: string; version: number }
  touches: { derived: number; moved: number; moves: { from: Placement; to: Placement; touches: number }[] }
  models: Record<string, { pipelineMoved: number; revenueMoved: number; moves: { from: Placement; to: Placement; pipeline: number; revenue: number }[] }>
}
