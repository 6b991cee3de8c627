import { parentPort } from 'node:worker_threads'
import { historiesOf, lifecycleBatch } from '@attribution/read-model'
import type { LifecycleTask } from './lifecyclePool.ts'

// Decodes a bucket of histories and derives their lifecycle rows: the pure, CPU-bound half of a replay.
parentPort?.on('message', ({ definition, computedThrough, text }: LifecycleTask) => {
  try {
    const histories = historiesOf(text)
    parentPort?.postMessage({ batch: lifecycleBatch([definition], histories, computedThrough), persons: histories.length })
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).stack ?? String(error) })
  }
})
parentPort?.postMessage({ ready: true })
