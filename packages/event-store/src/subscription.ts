import type { GlobalPosition, StoredEvent, SubscribeOptions, Subscription } from './eventStore.ts'

export const defaultBatchSize = 500
export const defaultIdleMs = 200

type ReadAll = (after: GlobalPosition | null, limit: number) => Promise<StoredEvent[]>

/**
 * A catch-up subscription over any store that can page its global log: read a page, hand it over and wait for the
 * handler, repeat; once a page comes back short the reader has caught up and waits `idleMs` before asking again.
 *
 * With `readAhead`, a full page's successor is read while the handler applies it. That pays where the log is read
 * from another process (a PostgreSQL server builds the next page on a core the handler does not use), and not where the
 * store runs on the handler's own thread (PGlite, where it was measured no faster). A short page is never read ahead:
 * the events that arrive while it is applied then come in one batch, not two.
 */
export function pollingSubscription(
  readAll: ReadAll,
  after: GlobalPosition | null,
  handler: (batch: StoredEvent[]) => Promise<void>,
  options: SubscribeOptions = {},
  { readAhead = false }: { readAhead?: boolean } = {},
): Subscription {
  const batchSize = options.batchSize ?? defaultBatchSize
  const idleMs = options.idleMs ?? defaultIdleMs
  return runSubscription(options.signal, async (stopping) => {
    let position = after
    let next: Promise<StoredEvent[]> | undefined
    try {
      while (!stopping.aborted) {
        const batch = await (next ?? readAll(position, batchSize))
        next = undefined
        if (stopping.aborted) return
        const last = batch.at(-1)
        if (last) {
          position = last.position
          if (readAhead && batch.length === batchSize) next = readAll(position, batchSize)
          await handler(batch)
        }
        if (batch.length < batchSize) await pause(idleMs, stopping)
      }
    } finally {
      // A page read ahead that nobody will take: its failure is nobody's to report.
      next?.catch(() => undefined)
    }
  })
}

/**
 * The stop/abort/done plumbing every subscription shares: `run` works until `stopping` aborts (on `stop()` or the
 * caller's signal); `done` settles with `run`, and `stop()` never rejects, failures surface in `done`.
 */
export function runSubscription(signal: AbortSignal | undefined, run: (stopping: AbortSignal) => Promise<void>): Subscription {
  const stopping = new AbortController()
  const stop = () => stopping.abort()
  if (signal?.aborted) stop()
  signal?.addEventListener('abort', stop, { once: true })
  const done = run(stopping.signal).finally(() => signal?.removeEventListener('abort', stop))
  return {
    done,
    async stop() {
      stop()
      await done.catch(() => undefined)
    },
  }
}

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const wake = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', wake)
      resolve()
    }
    const timer = setTimeout(wake, ms)
    signal.addEventListener('abort', wake, { once: true })
  })
}
