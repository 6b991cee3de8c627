import type { EngineStatus, Quarantine, Queries, Replays } from '../src/ports.ts'

// Answers of the engine, well-formed for the routes' response schemas, for fake ports to give. Each builder takes the
// fields a test cares about; the rest are distinct non-zero numbers, so a route that dropped or swapped one shows.

type Answer<M extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<M>>

export type RevenueAnswer = Answer<Queries['revenueByCampaign']>
export type CampaignRevenue = RevenueAnswer['rows'][number]
export type ResolvedDefinition = Answer<Queries['resolveDefinition']>
export type FunnelAnswer = Answer<Queries['funnel']>
export type HandoffsAnswer = Answer<Queries['handoffs']>
export type HandoffNumbers = HandoffsAnswer['totals']
export type DealJourney = NonNullable<Answer<Queries['dealJourney']>>
export type DefinitionComparison = Answer<Queries['compareDefinitions']>
export type StoredLeadDefinition = Answer<Queries['leadDefinitions']>[number]
export type SavedCustomModel = Answer<Queries['customModels']>[number]
export type ReplayJob = Answer<Replays['request']>
export type QuarantinedEvent = Answer<Quarantine['list']>[number]

/** One campaign's row: `pipeline` and `revenue` as given, the rest derived from them. */
export function campaignRevenue(campaignId: string, credit: { pipeline: number; revenue: number; channel?: string }): CampaignRevenue {
  return {
    campaignId,
    campaignName: `Campaign ${campaignId}`,
    channel: credit.channel ?? 'email',
    pipeline: credit.pipeline,
    revenue: credit.revenue,
    dealsCreated: 1.5,
    dealsWon: 0.5,
    cost: 40,
    roi: 2.25,
    roas: 3.25,
    costPerWonDeal: 80,
    mqls: 3,
    costPerMql: 13.33,
  }
}

/** An answer of revenue by campaign holding these rows, its totals their sums. */
export function revenueAnswer(rows: CampaignRevenue[]): RevenueAnswer {
  const sum = (pick: (row: CampaignRevenue) => number) => rows.reduce((total, row) => total + pick(row), 0)
  return {
    rows,
    totals: {
      pipeline: sum((row) => row.pipeline),
      revenue: sum((row) => row.revenue),
      dealsCreated: sum((row) => row.dealsCreated),
      dealsWon: sum((row) => row.dealsWon),
      cost: sum((row) => row.cost),
      roi: null,
      roas: null,
      costPerWonDeal: null,
      mqls: null,
      costPerMql: null,
    },
    unattributed: { pipeline: 125, revenue: 75, dealsCreated: 2, dealsWon: 1 },
    training: null,
    dealsWithoutPrimaryContact: null,
    unconverted: [],
  }
}

/** A readable lead definition version with no rules beyond a threshold. */
export function resolvedDefinition(
  definitionId: string,
  version: number,
  more: { active?: boolean; slaHours?: number } = {},
): ResolvedDefinition {
  return {
    definitionId,
    version,
    active: more.active ?? false,
    definition: {
      id: definitionId,
      version,
      name: `${definitionId} v${version}`,
      behaviour: [],
      fit: [],
      mql: { threshold: 30 },
      recycle: {},
      ...(more.slaHours === undefined ? {} : { slaHours: more.slaHours }),
    },
  }
}

export function funnelNumbers(known = 100): FunnelAnswer['totals'] {
  return {
    stages: { known, mql: 40, sal: 30, sql: 20, won: 10, rejected: 5, recycled: 3, lost: 2 },
    conversions: [{ from: 'known', to: 'mql', entered: known, converted: 40, rate: 40 / known, medianDays: 6.5, p90Days: 21 }],
  }
}

export function funnelAnswer(): FunnelAnswer {
  return {
    totals: funnelNumbers(),
    groups: [{ key: 'email', ...funnelNumbers(60) }],
    currentStages: { known: 55, mql: 10, won: 9 },
    wonRevenue: { total: 12_500, newBusiness: 10_000, newBusinessShare: 0.8 },
    unconverted: [],
  }
}

export function handoffNumbers(mqls = 40): HandoffNumbers {
  return {
    mqls,
    handedOff: 35,
    accepted: 20,
    rejected: 5,
    undecided: 10,
    acceptanceRate: 0.8,
    followedUp: 30,
    followUpMedianHours: 4.5,
    followUpP90Hours: 30,
    neverFollowedUp: 5,
    overdue: 4,
    withinSla: 26,
  }
}

export function handoffsAnswer(): HandoffsAnswer {
  return {
    totals: handoffNumbers(),
    groups: [{ key: 'email', ...handoffNumbers(25) }],
    rejectionReasons: [{ reason: 'no budget', count: 5, share: 1 }],
    owners: [{ ownerId: 'owner-1', ...handoffNumbers(15) }],
  }
}

/** A deal's journey of one touch. */
export function dealJourney(dealId: string): DealJourney {
  return {
    dealId,
    createdAt: '2024-05-01T00:00:00.000Z',
    wonAt: '2024-06-01T00:00:00.000Z',
    amount: 1000,
    wonAmount: 1200,
    currency: 'USD',
    originalAmount: 1000,
    originalWonAmount: 1200,
    pipelineRate: '1',
    revenueRate: '1',
    touches: [
      {
        touchpointId: 't-1',
        occurredAt: '2024-04-20T09:30:00.000Z',
        campaignId: 'spring-webinar',
        campaignName: 'Spring webinar',
        channel: 'webinar',
        touchType: 'webinar_attended',
        identified: true,
        milestones: ['FT', 'LC', 'OC', 'CW'],
        share: 1,
        pipeline: 1000,
        revenue: 1200,
      },
    ],
    trained: null,
  }
}

export function definitionComparison(): DefinitionComparison {
  return {
    base: { funnel: funnelNumbers(100), handoffs: handoffNumbers(40) },
    candidate: { funnel: funnelNumbers(90), handoffs: handoffNumbers(35) },
    mqls: { onlyBase: { count: 7, sample: ['p-1'] }, onlyCandidate: { count: 2, sample: ['p-2'] }, both: 33 },
  }
}

export function storedDefinition(definitionId: string, version: number): StoredLeadDefinition {
  return {
    definitionId,
    version,
    name: `${definitionId} v${version}`,
    format: 'yaml',
    document: `id: ${definitionId}\nversion: ${version}\n`,
    publishedAt: `2024-01-0${version}T00:00:00.000Z`,
  }
}

export function replayJob(more: Partial<ReplayJob> & Pick<ReplayJob, 'definitionId' | 'version'>): ReplayJob {
  const startedAt = Date.now() - 4_000
  return {
    jobId: `replay-${more.definitionId}-${more.version}`,
    state: 'running',
    personsTotal: 200,
    personsProcessed: 50,
    eventsTotal: 8_000,
    startedAt,
    updatedAt: startedAt + 2_000,
    ...more,
  }
}

export function quarantinedEvent(eventId: string, more: Partial<QuarantinedEvent> = {}): QuarantinedEvent {
  return {
    projection: 'facts',
    eventId,
    eventType: 'touchpoint.recorded',
    streamId: 'person-p-1',
    streamVersion: 3,
    position: { commit: 812n, prepare: 4n },
    occurredAt: '2024-05-01T09:30:00Z',
    error: 'the touch names no campaign',
    state: 'quarantined',
    attempts: 2,
    quarantinedAt: Date.UTC(2024, 5, 1, 12),
    updatedAt: Date.UTC(2024, 5, 2, 8, 15),
    ...more,
  }
}

export function engineStatus(): EngineStatus {
  return {
    eventStore: { head: '812/4', events: 1_204 },
    projections: [{ name: 'facts', position: '800/2', eventsProcessed: 1_190, lag: 14, quarantined: 1, retryRequested: 0 }],
  }
}
