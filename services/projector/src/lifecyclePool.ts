import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { LifecycleBatch } from '@attribution/analytics'
import type { LeadDefinition } from '@attribution/domain'

export interface LifecycleTask {
  definition: LeadDefinition
  computedThrough: number
  /** A bucket of histories as `StagedFacts.read` returns them. */
  text: string
}

type Reply = { batch: LifecycleBatch; persons: number } | { error: string }

/**
 * Worker threads that turn buckets of histories into lifecycle rows, one bucket each at a time, so that deriving
 * lifecycles uses every core while the main thread moves data in and out of ClickHouse.
 */
export class LifecyclePool {
  private readonly idle: Worker[] = []
  private readonly waiting: ((worker: Worker) => void)[] = []
  private readonly workers: Worker[]

  constructor(readonly size = Math.max(1, availableParallelism())) {
    this.workers = Array.from({ length: size }, () => new Worker(new URL('./lifecycleWorker.mjs', import.meta.url)))
    this.idle.push(...this.workers)
  }

  async derive(task: LifecycleTask): Promise<{ batch: LifecycleBatch; persons: number }> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((resolve) => this.waiting.push(resolve)))
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
        worker.postMessage(task)
      })
      if ('error' in reply) throw new Error(`deriving lifecycles failed: ${reply.error}`)
      return reply
    } finally {
      worker.removeAllListeners('message')
      worker.removeAllListeners('error')
      const next = this.waiting.shift()
      if (next) next(worker)
      else this.idle.push(worker)
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }
}
