import type { ClickHouse } from '@attribution/clickhouse'
import { saveReplayJob, type ReplayJob } from '@attribution/read-model'

/** What a running replay reports through: each change becomes the job's new row, which any API instance reads. */
export function replayReporter(
  clickhouse: ClickHouse,
  job: ReplayJob,
  onProgress?: (job: ReplayJob) => void,
): (changes: Partial<ReplayJob>) => Promise<void> {
  return async (changes) => {
    Object.assign(job, changes, { updatedAt: Date.now() })
    await saveReplayJob(clickhouse, job)
    onProgress?.({ ...job })
  }
}
