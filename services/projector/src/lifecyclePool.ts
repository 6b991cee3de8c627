import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { LifecycleBatch } from '@attribution/read-model'
import type { LeadDefinition } from '@attribution/domain'

export interface LifecycleTask {
  definition: LeadDefinition
  computedThrough: number
  /** A bucket of histories as `StagedFacts.read` returns them. */
  text: string
  /** The keys that open the sealed attributes in `text`, by pseudonym. */
  keys: [pseudonym: string, key: Uint8Array][]
}

type Derived = { batch: LifecycleBatch; persons: number }
type Reply = Derived | { error: string } | { ready: true }

/** A worker and the task it is running, if any. */
interface Slot {
  worker: Worker
  /** It loaded its code: dying later is an accident to recover from, dying before is a fault every new one would share. */
  ready: boolean
  task?: { resolve(derived: Derived): void; reject(error: Error): void }
}

/**
 * Worker threads that turn buckets of histories into lifecycle rows, one bucket each at a time, so that deriving
 * lifecycles uses every core while the main thread moves data in and out of ClickHouse. A worker that dies fails its
 * task and is replaced; one that dies idle is replaced too, so the process never falls over with it.
 */
export class LifecyclePool {
  private readonly slots: Slot[] = []
  private readonly idle: Slot[] = []
  private readonly waiting: { resolve(slot: Slot): void; reject(error: Error): void }[] = []
  private closed = false
  /** Why workers cannot start at all (e.g. the TypeScript loader is missing): every task fails with it. */
  private broken: Error | undefined

  constructor(readonly size = Math.max(1, availableParallelism())) {
    for (let index = 0; index < size; index++) this.release(this.spawn())
  }

  async derive(task: LifecycleTask): Promise<Derived> {
    if (this.closed) throw new Error('the lifecycle pool is closed')
    if (this.broken) throw this.broken
    const slot = this.idle.pop() ?? (await new Promise<Slot>((resolve, reject) => this.waiting.push({ resolve, reject })))
    try {
      return await new Promise<Derived>((resolve, reject) => {
        slot.task = { resolve, reject }
        slot.worker.postMessage(task)
      })
    } finally {
      slot.task = undefined
      if (this.slots.includes(slot)) this.release(slot)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const slots = this.slots.splice(0)
    const closed = new Error('the lifecycle pool was closed')
    for (const slot of slots) slot.task?.reject(closed)
    for (const waiter of this.waiting.splice(0)) waiter.reject(closed)
    await Promise.all(slots.map((slot) => slot.worker.terminate()))
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(new URL('./lifecycleWorker.mjs', import.meta.url)), ready: false }
    slot.worker.on('message', (reply: Reply) => {
      if ('ready' in reply) slot.ready = true
      else if ('error' in reply) slot.task?.reject(new Error(`deriving lifecycles failed: ${reply.error}`))
      else slot.task?.resolve(reply)
    })
    const died = (error: Error) => {
      if (this.closed || !this.slots.includes(slot)) return
      this.slots.splice(this.slots.indexOf(slot), 1)
      if (this.idle.includes(slot)) this.idle.splice(this.idle.indexOf(slot), 1)
      slot.task?.reject(error)
      if (slot.ready) {
        this.release(this.spawn())
        return
      }
      this.broken = error
      for (const waiter of this.waiting.splice(0)) waiter.reject(error)
    }
    slot.worker.on('error', died)
    slot.worker.on('exit', (code) => died(new Error(`a lifecycle worker exited with code ${code}`)))
    this.slots.push(slot)
    return slot
  }

  /** Hands a free worker to the next task waiting, or marks it idle. */
  private release(slot: Slot): void {
    const next = this.waiting.shift()
    if (next) next.resolve(slot)
    else this.idle.push(slot)
  }
}
