import type { Event } from '@attribution/contracts'
import type { AppendOptions, AppendResult, ErasureRecord, StoredEvent } from '@attribution/event-store'
import type {
  AttributionQuery,
  ChannelRulesComparison,
  ChannelRulesComparisonQuery,
  ComparisonQuery,
  DealJourneyAnswer,
  DealList,
  DealListQuery,
  DefinitionComparison,
  DefinitionRef,
  Funnel,
  FunnelQuery,
  Handoffs,
  JourneyQuery,
  QuarantinedEvent,
  QuarantineState,
  ReplayJob,
  ResolvedDefinition,
  RevenueByCampaign,
  SavedCustomModel,
  StoredCustomModel,
  StoredChannelRules,
  StoredLeadDefinition,
} from '@attribution/read-model'
import type { RulesVersion } from '@attribution/domain'

/**
 * What the API needs from the rest of the engine. The composition root decides what stands behind each: the embedded
 * engine appends straight to the event store; the server deployment publishes to Kafka.
 */
export interface EventSink {
  append(events: Event[]): Promise<{ appended: number; duplicates: string[]; refused?: SinkRefusal[] }>
}

/** An event the sink would not store, though valid: it names a person who was erased. */
export interface SinkRefusal {
  /** Index in the list given to `append`. */
  index: number
  /** The field naming the erased person, e.g. `data.personId`. */
  path: string
  erasureId: string
}

/**
 * Erasures of persons, carried out by the engine in the background: the API records the request and reports its
 * progress. The records hold when, by which key and how far, never the person's id.
 */
export interface Erasures {
  request(personId: string, requestedBy: string): Promise<ErasureRecord>
  get(id: string): Promise<ErasureRecord | undefined>
}

/**
 * The event store as the engine's own writes see it: they are decided on the streams they append to, which reflect
 * every append at once, where the projection may still lag (a version published a moment ago is there), and appended
 * with the version the decision was taken on as the expected one (ownEvents.ts).
 */
export interface Registry {
  readStream(streamId: string): Promise<StoredEvent[]>
  /** Throws ConcurrencyError, appending nothing, when a stream is not at its expected version. */
  append(events: Event[], options?: AppendOptions): Promise<AppendResult>
}

export interface Queries {
  revenueByCampaign(query: AttributionQuery): Promise<RevenueByCampaign>
  dealJourney(query: JourneyQuery): Promise<DealJourneyAnswer | null>
  /** Deals created in a window, to pick one whose journey explains a figure. */
  deals(query: DealListQuery): Promise<DealList>
  /** Every saved custom model, with how answers under it are computed. */
  customModels(): Promise<SavedCustomModel[]>
  /** The weights saved under a name, if any: what a question naming it is answered with. */
  customModel(name: string): Promise<StoredCustomModel | undefined>
  leadDefinitions(definitionId?: string): Promise<StoredLeadDefinition[]>
  /** The version a query reads: `id@version`, `id` (its newest replayed version) or, without one, the active one. */
  resolveDefinition(requested?: string): Promise<ResolvedDefinition>
  /** The same, but undefined when none is named and none is active. */
  definitionInUse(requested?: string): Promise<ResolvedDefinition | undefined>
  activeDefinition(): Promise<DefinitionRef | undefined>
  funnel(query: FunnelQuery): Promise<Funnel>
  handoffs(query: FunnelQuery): Promise<Handoffs>
  compareDefinitions(query: ComparisonQuery): Promise<DefinitionComparison>
  /** Every published version of channel rules (of one set when named), newest version of each first. */
  channelRuleSets(rulesId?: string): Promise<StoredChannelRules[]>
  /** The rules touches are classified under: the latest activation, else the shipped `default`. */
  activeChannelRules(): Promise<RulesVersion>
  /** Where some touches belong under a replayed version of channel rules that is not active (those it derives). */
  touchPlacements(rulesRef: string, touchpointIds: readonly string[]): Promise<Map<string, { campaignId: string; channel: string }>>
  /** Touches and credit that move between two versions of channel rules (both replayed or active). */
  compareChannelRules(query: ChannelRulesComparisonQuery): Promise<ChannelRulesComparison>
}

/** Replays of lead definition versions over all of history. */
export interface Replays {
  /**
   * Records the job, which the projector runs (the API runs none, so any instance answers for any job); refuses (404)
   * a version that is not published, (409) one being replayed.
   */
  request(definition: DefinitionRef): Promise<ReplayJob>
  job(jobId: string): Promise<ReplayJob | undefined>
  /** Versions whose replay has finished, oldest first. */
  replayedVersions(definitionId: string): Promise<number[]>
  /** Versions of a set of channel rules whose replay has finished, oldest first. */
  replayedChannelRules(rulesId: string): Promise<number[]>
  /** Records a replay of a published version of channel rules, which the projector runs; refused as `request` is. */
  requestChannelRules(version: RulesVersion): Promise<ReplayJob>
}

export interface EngineStatus {
  eventStore: { head: string | null; events: number }
  projections: {
    name: string
    position: string | null
    eventsProcessed: number
    lag: number
    quarantined: number
    retryRequested: number
  }[]
}

/** Events the projector set aside because it could not apply them. */
export interface Quarantine {
  /** The events set aside (and those applied again on a retry), oldest in the log first. */
  list(filter: { states?: QuarantineState[]; limit: number }): Promise<QuarantinedEvent[]>
  /** Asks the projector to apply these events again (all quarantined ones when none are named); returns those asked. */
  retry(eventIds?: string[]): Promise<QuarantinedEvent[]>
}

/**
 * The deployment's API keys, as hashes, shared by every API process (the event store's database). Keys are created and
 * revoked by `attribution keys`; the API only reads them and records when each was last used.
 */
export interface ApiKeys {
  active(): Promise<{ name: string; scopes: string[]; hash: string }[]>
  markUsed(names: string[], at: Date): Promise<void>
}

/** Figures the metrics route reads from the stores, beyond the status: each projection's lag in time, replays. */
export interface EngineGauges {
  projections: { name: string; lagSeconds: number }[]
  replays: { jobId: string; definitionId: string; version: number; state: string; processed: number; total: number }[]
}

export interface ApiPorts {
  /** Where producers' events go: the event store (embedded) or Kafka (server deployment, `serve`). */
  sink: EventSink
  /**
   * Where the engine's own events go (published and activated lead definitions, saved custom models): the event store
   * itself in every deployment. Never Kafka, whose ingestor refuses these types, since producers may not send them.
   */
  registry: Registry
  queries: Queries
  replays: Replays
  status(): Promise<EngineStatus>
  quarantine: Quarantine
  /** The currency amounts are reported in; events in any other are refused. */
  reportingCurrency: string
  /** Absent: no key can exist, so the API answers only this machine (protected mode). */
  keys?: ApiKeys
  /** Absent where no person vault is kept (KurrentDB without PERSON_VAULT_URL): erasures are refused with 501. */
  erasures?: Erasures
  /** Absent: /metrics reports what the status says and what this process counts. */
  gauges?(): Promise<EngineGauges>
}
