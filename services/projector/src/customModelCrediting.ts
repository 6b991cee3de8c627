import type { ClickHouse } from '@attribution/clickhouse'
import {
  creditsKeptFor,
  customCreditModel,
  forgetCustomCredits,
  loadCustomCredits,
  loadCustomModels,
  retireCustomCredits,
  saveCustomCredits,
  type CreditModel,
  type CustomCredits,
  type StoredCustomModel,
} from '@attribution/read-model'
import { rebuildCredits, type RebuildProgress } from './rebuildCredits.ts'

export interface CustomModelCreditingOptions {
  clickhouse: ClickHouse
  /** The currency amounts are converted to (docs/currencies.md); USD when absent. */
  reportingCurrency?: string
  /** The version of the rows the projector's last batch wrote: what a rebuild step's rows carry, so later batches win. */
  rowVersion: () => number
  /** The projector's lock: what runs through it never falls inside a batch. */
  exclusive: <T>(work: () => Promise<T>) => Promise<T>
  onProgress?: (model: string, progress: RebuildProgress) => void
  onError: (error: unknown) => void
}

/**
 * The projector's credits for saved custom models: which ones its batches credit, and crediting every deal under a
 * model saved since, one save at a time, beside the batches:
 *
 * 1. `crediting`: from here every batch also credits the save's weights; meanwhile every deal is credited, step by step
 *    (rebuildCredits explains why both may write the same deal).
 * 2. `ready`: the days are summed between two batches and answers under these weights read them; the name's previous
 *    save is retired and its credits deleted.
 *
 * Until then answers under the new weights are weighed from the journey milestones, as weights nobody saved are.
 */
export class CustomModelCrediting {
  /** The ready credits, by model name. */
  private readonly ready = new Map<string, CustomCredits>()
  private crediting: CustomCredits | undefined
  private running: Promise<void> | undefined
  /** Set by every request to look at the saved models, so a save arriving during a crediting is not missed. */
  private lookAgain = false
  private stopping = false

  constructor(private readonly options: CustomModelCreditingOptions) {}

  /** The saved models every batch credits. */
  creditModels(): CreditModel[] {
    return [...this.ready.values(), ...(this.crediting ? [this.crediting] : [])].map(customCreditModel)
  }

  /**
   * Picks up each name's newest ready credits, and clears away every other: credits a stopped projector left
   * unfinished, and those replaced just before a stop retired them.
   */
  async resume(): Promise<void> {
    const credits = await loadCustomCredits(this.options.clickhouse)
    // Oldest save first, so the newest ready one stays.
    for (const ready of credits) if (ready.state === 'ready') this.ready.set(ready.name, ready)
    for (const other of credits) if (this.ready.get(other.name) !== other) await retireCustomCredits(this.options.clickhouse, other)
  }

  /** Credits, in the background, every saved model whose latest save has no ready credits yet. */
  creditIfDue(): void {
    this.lookAgain = true
    if (this.running || this.stopping) return
    this.running = this.creditDue()
      .catch(this.options.onError)
      .finally(() => (this.running = undefined))
  }

  /** Resolves once every model saved so far is credited (or the projector stops). */
  async creditNow(): Promise<void> {
    this.creditIfDue()
    await this.running
  }

  /** Abandons the crediting under way between two of its steps, and waits for it. */
  async stop(): Promise<void> {
    this.stopping = true
    await this.running
  }

  private async creditDue(): Promise<void> {
    while (this.lookAgain && !this.stopping) {
      this.lookAgain = false
      for (const saved of await loadCustomModels(this.options.clickhouse)) {
        if (this.stopping) return
        const ready = this.ready.get(saved.name)
        if (ready?.position === saved.position) continue
        if (creditsKeptFor(saved.weights)) await this.credit(saved)
        else if (ready) await this.retire(ready)
      }
    }
  }

  private async credit({ name, position, weights }: StoredCustomModel): Promise<void> {
    const { clickhouse, exclusive } = this.options
    const credits: CustomCredits = { name, position, weights, state: 'crediting' }
    // A crediting of this save that a stop or a crash abandoned was retired at the restart: this one replaces it.
    await forgetCustomCredits(clickhouse, credits)
    await exclusive(async () => {
      await saveCustomCredits(clickhouse, credits)
      this.crediting = credits
    })
    const previous = this.ready.get(name)
    const { dealsDone, dealsTotal } = await rebuildCredits({
      clickhouse,
      ...(this.options.reportingCurrency ? { reportingCurrency: this.options.reportingCurrency } : {}),
      eventsProcessed: this.options.rowVersion,
      models: [customCreditModel(credits)],
      runSums: (sums) =>
        exclusive(async () => {
          await sums()
          await saveCustomCredits(clickhouse, { ...credits, state: 'ready' })
          this.ready.set(name, { ...credits, state: 'ready' })
          this.crediting = undefined
        }),
      stopped: () => this.stopping,
      onProgress: (progress) => this.options.onProgress?.(name, progress),
    }).finally(() => (this.crediting = undefined))
    // Stopped on the way: the next start clears the unfinished credits away.
    if (dealsDone < dealsTotal) return
    if (previous) await retireCustomCredits(clickhouse, previous)
  }

  /** A model saved again with weights the projector keeps no credits for: its older credits go. */
  private async retire(ready: CustomCredits): Promise<void> {
    await this.options.exclusive(async () => {
      this.ready.delete(ready.name)
      await retireCustomCredits(this.options.clickhouse, ready)
    })
  }
}
