import type { ClickHouse } from '@attribution/clickhouse'

/**
 * What a cached read depends on: `data`, anything the projector or a replay writes; `credits`, the credit sums the
 * projector keeps, the training of markov and shapley and the saved custom models they come from. Most batches of a busy install change no
 * credits (a touch today falls after the journeys of every deal so far), so reads of credits outlive them.
 */
export type Dependency = 'data' | 'credits'

/** A read shared by every answer computed against the same version of what it depends on. */
export type SharedRead = <R>(key: string, read: () => Promise<R>, dependsOn: Dependency) => Promise<R>

export interface AnswerCache {
  /**
   * The answer to `key` as of the data now in ClickHouse: computed once per data version, shared by everyone who asks
   * meanwhile. `compute` gets the cache's shared reads, at the version the answer is kept under. A failed computation
   * is not kept.
   */
  answer<A>(key: string, compute: (shared: SharedRead) => Promise<A>): Promise<A>
}

/** One look into the cache: for a whole answer or a shared read, and whether it was kept (or under way) already. */
export interface CacheLookup {
  read: 'answer' | Dependency
  hit: boolean
}

interface Versions {
  data: string
  credits: string
}

/**
 * Answers cached until the data they depend on changes. The data changes when the projector applies events (its
 * checkpoint moves), a replay writes lifecycles (its job's revision moves) or the credits change; the credits change
 * when the projector writes credit sums (credit_months' newest version, written after the days and lines it sums), a
 * training becomes ready, or a saved custom model's credits change state. One small read of them tells whether a kept
 * answer still holds. That read is shared by the requests that arrive while it runs: a dashboard opened by sixty
 * people costs the engine one version read and one computation, where chDB would otherwise run every request's
 * queries one after another. Only for answers that depend on the data alone, not on the clock.
 */
export function answerCache(clickhouse: ClickHouse, maxEntries = 512, onLookup?: (lookup: CacheLookup) => void): AnswerCache {
  const entries = new Map<string, { version: string; value: Promise<unknown> }>()
  let reading: Promise<Versions> | undefined
  const currentVersions = () => (reading ??= readVersions(clickhouse).finally(() => (reading = undefined)))

  function kept<R>(read: CacheLookup['read'], key: string, version: string, compute: () => Promise<R>): Promise<R> {
    const cached = entries.get(key)
    const hit = cached?.version === version
    onLookup?.({ read, hit })
    if (hit) {
      // Least recently used goes first: re-inserting moves the key to the end.
      entries.delete(key)
      entries.set(key, cached)
      return cached.value as Promise<R>
    }
    const value = compute()
    entries.delete(key)
    entries.set(key, { version, value })
    value.catch(() => entries.get(key)?.value === value && entries.delete(key))
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break
      entries.delete(oldest)
    }
    return value
  }

  return {
    async answer<A>(key: string, compute: (shared: SharedRead) => Promise<A>): Promise<A> {
      const versions = await currentVersions()
      const shared: SharedRead = (readKey, read, dependsOn) => kept(dependsOn, `${dependsOn}: ${readKey}`, versions[dependsOn], read)
      return kept('answer', `answer: ${key}`, versions.data, () => compute(shared))
    },
  }
}

async function readVersions(clickhouse: ClickHouse): Promise<Versions> {
  const t = clickhouse.table
  const result = await clickhouse.client.query({
    query: `
      SELECT (SELECT toString(sum(events_processed)) FROM ${t('projection_checkpoints')} FINAL) AS projected,
             (SELECT toString(sum(revision)) FROM ${t('replay_jobs')} FINAL) AS replayed,
             (SELECT toString(max(training)) FROM ${t('model_trainings')} FINAL WHERE state = 'ready') AS trained,
             (SELECT toString(max(version)) FROM ${t('credit_months')}) AS credited,
             (SELECT toString(max(updated_at)) FROM ${t('custom_model_credits')}) AS customCredited`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ projected: string; replayed: string; trained: string; credited: string; customCredited: string }>()
  const credits = `${row?.trained}/${row?.credited}/${row?.customCredited}`
  return { data: `${row?.projected}/${row?.replayed}/${credits}`, credits }
}
