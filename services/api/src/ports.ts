import type { Event } from '@attribution/contracts'
import type { AttributionQuery, DealJourneyAnswer, RevenueByCampaign, StoredLeadDefinition } from '@attribution/analytics'
import type { AttributionModel, AttributionOptions } from '@attribution/domain'

/**
 * What the API needs from the rest of the engine. The composition root decides what stands behind each: the embedded
 * engine appends straight to the event store; the server deployment publishes to Kafka.
 */
export interface EventSink {
  append(events: Event[]): Promise<{ appended: number; duplicates: string[] }>
}

export interface Queries {
  revenueByCampaign(query: AttributionQuery): Promise<RevenueByCampaign>
  dealJourney(dealId: string, model: AttributionModel, options: AttributionOptions): Promise<DealJourneyAnswer | null>
  leadDefinitions(definitionId?: string): Promise<StoredLeadDefinition[]>
}

export interface EngineStatus {
  eventStore: { head: string | null; events: number }
  projections: { name: string; position: string | null; eventsProcessed: number; lag: number }[]
}

export interface ApiPorts {
  sink: EventSink
  queries: Queries
  status(): Promise<EngineStatus>
  /** The currency amounts are reported in; events in any other are refused. */
  reportingCurrency: string
}
