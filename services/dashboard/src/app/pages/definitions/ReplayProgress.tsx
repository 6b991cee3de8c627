import { useEffect } from 'preact/hooks'
import { useApi } from '../../api/useApi.ts'
import type { ReplayJob } from '../../api/types.ts'
import { ErrorBox } from '../../components/States.tsx'
import { formatCount } from '../../format/numbers.ts'

const POLL_MS = 500

/** A replay's live progress, polled until it is done or failed; then `onFinished` (the list shows it replayed). */
export function ReplayProgress({ jobId, onFinished }: { jobId: string; onFinished(): void }) {
  const job = useApi<ReplayJob>(`/v1/replays/${encodeURIComponent(jobId)}`)
  const { reload } = job
  const state = job.data?.state
  useEffect(() => {
    if (state === 'done' || state === 'failed') {
      onFinished()
      return
    }
    const timer = setTimeout(reload, POLL_MS)
    return () => clearTimeout(timer)
  }, [job.data, state, reload, onFinished])
  if (job.state === 'error') return <ErrorBox error={job.error} />
  if (!job.data) return <p class="state loading">Starting the replay…</p>
  const { definitionId, version, eventsProcessed, eventsTotal, eventsPerSecond, etaSeconds, error } = job.data
  return (
    <div class="replay" data-replay-state={state}>
      <p>
        Replay of {definitionId}@{version}:{' '}
        {state === 'done' ? 'done — it can be compared and activated.' : state === 'failed' ? `failed: ${error ?? 'no reason given'}` : 'running'}
      </p>
      <progress value={eventsProcessed} max={Math.max(eventsTotal, 1)} aria-label="Replay progress" />
      <p class="hint">
        {formatCount(eventsProcessed)} of {formatCount(eventsTotal)} events
        {eventsPerSecond === null ? '' : `, ${formatCount(Math.round(eventsPerSecond))} events/s`}
        {etaSeconds === null || state !== 'running' ? '' : `, about ${Math.ceil(etaSeconds)} s left`}
      </p>
    </div>
  )
}
