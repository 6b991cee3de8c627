import { compactRows, insertCompact, type ClickHouse } from '@attribution/clickhouse'
import {
  allDealIds,
  buildRecorded,
  recordBuild,
  creditLinesOf,
  refreshCreditSums,
  ruleCreditModels,
  type CreditModel,
} from '@attribution/read-model'

export interface RebuildProgress {
  dealsDone: number
  dealsTotal: number
}

export interface RebuildOptions {
  clickhouse: ClickHouse
  /**
   * Events the projector has applied: the rows' version, so that the batches it applies next replace them. A
   * function when batches go on meanwhile: each step's lines then carry the version their facts were read at.
   */
  eventsProcessed: number | (() => number)
  /** The currency amounts are converted to (docs/currencies.md); USD when absent. */
  reportingCurrency?: string
  /** The models to credit; the rule-based ones when absent. */
  models?: readonly CreditModel[]
  /** Also writes every deal's journey milestones (journey_milestones), which custom weights are answered from. */
  milestones?: boolean
  /** Deals loaded and credited per step: each step reads every touch once, so larger steps mean fewer reads. */
  dealsPerStep?: number
  onProgress?: (progress: RebuildProgress) => void
  /**
   * Runs the final sums, e.g. with no projector batch half applied and with what must happen at the same moment;
   * directly when absent.
   */
  runSums?: (sums: () => Promise<void>) => Promise<void>
  /** Checked between steps: true abandons the rebuild (it then returns with dealsDone < dealsTotal). */
  stopped?: () => boolean
}

/**
 * Recomputes the credit lines of every deal under the models, then every credit day: what the projector keeps
 * current batch by batch, rebuilt from the facts in one pass.
 *
 * Batches may be applied meanwhile only if they credit the same models and `eventsProcessed` follows them: lines
 * carry the version their facts were read at, so a batch's newer lines win over a step's, and the final sums run
 * between batches at the version of the last, so they win over the sums batches wrote from incomplete lines.
 */
export async function rebuildCredits(options: RebuildOptions): Promise<RebuildProgress> {
  const { clickhouse, models = ruleCreditModels, dealsPerStep = 50_000, onProgress } = options
  const eventsProcessed = typeof options.eventsProcessed === 'number' ? () => options.eventsProcessed as number : options.eventsProcessed
  const runSums = options.runSums ?? ((sums) => sums())
  const dealIds = await allDealIds(clickhouse)
  const progress = { dealsDone: 0, dealsTotal: dealIds.length }
  onProgress?.(progress)
  // Pipelined: while ClickHouse writes one step's lines, the next step's are credited here.
  let writing: Promise<void> = Promise.resolve()
  for (let start = 0; start < dealIds.length && !options.stopped?.(); start += dealsPerStep) {
    const step = dealIds.slice(start, start + dealsPerStep)
    const { rows, milestones, conversions, moments } = await creditLinesOf(clickhouse, step, eventsProcessed(), models, {
      milestones: options.milestones,
      ...(options.reportingCurrency ? { reportingCurrency: options.reportingCurrency } : {}),
    })
    await writing
    writing = Promise.all([
      insertCompact(clickhouse, 'credit_lines', compactRows(rows)),
      insertCompact(clickhouse, 'journey_milestones', compactRows(milestones)),
      insertCompact(clickhouse, 'currency_moments', compactRows(moments)),
      insertCompact(clickhouse, 'deal_conversions', compactRows(conversions)),
    ]).then(() => {
      progress.dealsDone += step.length
      onProgress?.(progress)
    })
    // Awaited on the next step; until then a failed write must not count as an unhandled rejection.
    writing.catch(() => {})
  }
  await writing
  if (progress.dealsDone < progress.dealsTotal || models.length === 0) return progress
  // Every day once, from all the lines, rather than the days of each step as the projector's batches do.
  const keys = models.map(({ key }) => key)
  await runSums(() => refreshCreditSums(clickhouse, { all: keys }, eventsProcessed()))
  return progress
}

/**
 * Makes sure every deal has its credit lines and journey milestones before the projector applies more events. A
 * projector starting from an empty log writes them itself, batch by batch, so that start is recorded as a build of
 * nothing. One that has applied events with no build recorded runs on an install from before credit_lines (or
 * journey_milestones) existed: it builds what is missing.
 */
export async function ensureCreditsBuilt(
  clickhouse: ClickHouse,
  eventsProcessed: number,
  onProgress?: (progress: RebuildProgress) => void,
  reportingCurrency?: string,
): Promise<void> {
  const [creditsBuilt, milestonesBuilt] = await Promise.all([
    buildRecorded(clickhouse, 'credit_rebuilds'),
    buildRecorded(clickhouse, 'journey_milestone_builds'),
  ])
  if (creditsBuilt && milestonesBuilt) return
  const built =
    eventsProcessed === 0
      ? { dealsTotal: 0 }
      : await rebuildCredits({
          clickhouse,
          eventsProcessed,
          onProgress,
          models: creditsBuilt ? [] : ruleCreditModels,
          milestones: !milestonesBuilt,
          ...(reportingCurrency ? { reportingCurrency } : {}),
        })
  if (!creditsBuilt) await recordBuild(clickhouse, 'credit_rebuilds', eventsProcessed, built.dealsTotal)
  if (!milestonesBuilt) await recordBuild(clickhouse, 'journey_milestone_builds', eventsProcessed, built.dealsTotal)
}
