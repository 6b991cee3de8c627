import type { ClickHouse } from './connection.ts'

export interface AnswerCache {
  /**
   * The answer to `key` as of the data now in ClickHouse: computed once per data version, shared by everyone who asks
   * meanwhile. A failed computation is not kept.
   */
  answer<A>(key: string, compute: () => Promise<A>): Promise<A>
}

/**
 * Answers cached until the data changes. The data changes when the projector applies events (its checkpoint moves),
 * a replay writes lifecycles (its job's revision moves) or a newer training of the data-driven models becomes ready,
 * so one small read of the three tells whether a cached answer still holds. That read is shared by the requests that
 * arrive while it runs: a dashboard opened by sixty people costs the engine one version read and one computation,
 * where chDB would otherwise run every request's queries one after another. Only for answers that depend on the data
 * alone, not on the clock.
 */
export function answerCache(clickhouse: ClickHouse, maxEntries = 512): AnswerCache {
  const entries = new Map<string, { version: string; answer: Promise<unknown> }>()
  let reading: Promise<string> | undefined
  const dataVersion = () => (reading ??= readDataVersion(clickhouse).finally(() => (reading = undefined)))

  return {
    async answer<A>(key: string, compute: () => Promise<A>): Promise<A> {
      const version = await dataVersion()
      const cached = entries.get(key)
      if (cached?.version === version) {
        // Least recently used goes first: re-inserting moves the key to the end.
        entries.delete(key)
        entries.set(key, cached)
        return cached.answer as Promise<A>
      }
      const answer = compute()
      entries.delete(key)
      entries.set(key, { version, answer })
      answer.catch(() => entries.get(key)?.answer === answer && entries.delete(key))
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break
        entries.delete(oldest)
      }
      return answer
    },
  }
}

async function readDataVersion(clickhouse: ClickHouse): Promise<string> {
  const t = clickhouse.table
  const result = await clickhouse.client.query({
    query: `
      SELECT (SELECT toString(sum(events_processed)) FROM ${t('projection_checkpoints')} FINAL) AS projected,
             (SELECT toString(sum(revision)) FROM ${t('replay_jobs')} FINAL) AS replayed,
             (SELECT toString(max(training)) FROM ${t('model_trainings')} FINAL WHERE state = 'ready') AS trained`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ projected: string; replayed: string; trained: string }>()
  return `${row?.projected}/${row?.replayed}/${row?.trained}`
}
