import { parentPort } from 'node:worker_threads'
// The packages' light entries, not their indexes: a worker loads what it imports again (docs/architecture.md, "Memory").
import { openAttributes } from '@attribution/event-store/sealed-attributes'
import { historiesOf, lifecycleBatch } from '@attribution/read-model/lifecycle-derivation'
import type { LifecycleTask } from './lifecyclePool.ts'

// Decodes a bucket of histories and derives their lifecycle rows: the pure, CPU-bound half of a replay.
parentPort?.on('message', ({ definition, computedThrough, text, keys }: LifecycleTask) => {
  try {
    const opened = new Map(keys.map(([pseudonym, key]) => [pseudonym, Buffer.from(key)]))
    const histories = historiesOf(text, (attributes) => openAttributes(opened, attributes))
    parentPort?.postMessage({ batch: lifecycleBatch([definition], histories, computedThrough), persons: histories.length })
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).stack ?? String(error) })
  }
})
parentPort?.postMessage({ ready: true })
