import { parentPort } from 'node:worker_threads'
import { openAttributes } from '@attribution/event-store'
import { historiesOf, lifecycleBatch } from '@attribution/read-model'
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
