import { isRunning, loadReplayJobs, type ReplayJob } from '@attribution/read-model'
import { describeFailure } from './describeFailure.ts'
import { runChannelRulesReplay } from './channelRulesReplay.ts'
import { runReplay, type ReplayOptions } from './replay.ts'

export type ReplayRunnerOptions = Omit<ReplayOptions, 'definitionId' | 'version'>

/** How often the runner looks for requests: the most a replay waits to be taken up. */
const pollMs = 250

/**
 * Runs the replays the API records (requestReplay, requestChannelRulesReplay), where projections run: in the projector's process, next to the
 * projection the replay depends on, so the API holds no job and any API instance reports any job's progress from
 * ClickHouse. Takes up every request as soon as it sees it (several replays run side by side, as they did in the API
 * before). One projector runs per ClickHouse database (docs/deployment.md), so no two runners take the same request.
 */
export class ReplayRunner {
  private readonly taken = new Map<string, Promise<ReplayJob>>()
  private timer: NodeJS.Timeout | undefined
  private looking: Promise<void> = Promise.resolve()
  private stopped = false
  /** Whether the last look failed: an outage is logged once, not every 250 ms. */
  private failing = false

  constructor(private readonly options: ReplayRunnerOptions) {}

  start(): void {
    const lookAgain = () => {
      if (this.stopped) return
      this.looking = this.takeUpRequests().finally(() => {
        if (!this.stopped) this.timer = setTimeout(lookAgain, pollMs)
      })
    }
    lookAgain()
  }

  /** Starts every request under way that this runner has not taken yet. */
  private async takeUpRequests(): Promise<void> {
    let requested: ReplayJob[]
    try {
      const { clickhouse } = this.options
      const [definitions, channelRules] = await Promise.all([
        loadReplayJobs(clickhouse, { state: 'requested' }),
        loadReplayJobs(clickhouse, { state: 'requested', subject: 'channel_rules' }),
      ])
      requested = [...definitions, ...channelRules].sort((a, b) => b.startedAt - a.startedAt)
      this.failing = false
    } catch (error) {
      // ClickHouse does not answer: the projector waits the outage out, and this looks again in a moment.
      if (!this.failing) console.error('looking for replay requests failed:', describeFailure(error))
      this.failing = true
      return
    }
    // Oldest first; a request nobody took up for minutes shows as failed already and is left alone.
    for (const job of requested.reverse()) {
      if (this.stopped || this.taken.has(job.jobId) || !isRunning(job)) continue
      const { definitionId, version } = job
      // A replay records its own failure; this fails only when even that cannot be written, and the request stays to
      // be taken up again.
      const replay =
        job.subject === 'channel_rules'
          ? runChannelRulesReplay(job, { ...this.options, rulesId: definitionId, version })
          : runReplay(job, { ...this.options, definitionId, version })
      const run = replay.catch((error: unknown) => {
        console.error(`replay ${job.jobId} failed and could not say so:`, describeFailure(error))
        return job
      })
      this.taken.set(job.jobId, run)
      void run.finally(() => this.taken.delete(job.jobId))
    }
  }

  /** Stops taking up requests and waits for the replays under way: closing ClickHouse under them would fail them. */
  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.looking
    await Promise.all(this.taken.values())
  }
}
