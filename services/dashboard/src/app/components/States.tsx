import type { ComponentChildren } from 'preact'
import { ApiError, needsKey } from '../api/client.ts'
import { KeyForm } from './KeyForm.tsx'
import { useApi, type Loaded } from '../api/useApi.ts'
import type { StatusAnswer } from '../api/types.ts'

export function Loading({ what }: { what: string }) {
  return (
    <p class="state loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  )
}

/** The API's own message, with the parameter each problem is about: what the person can act on. */
export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }) {
  const problems = error instanceof ApiError ? (error.body.errors ?? []) : []
  return (
    <div class="state error" role="alert">
      <strong>{error instanceof ApiError && error.status ? `The engine answered ${error.status}: ` : ''}</strong>
      {error.message}
      {problems.length > 0 && (
        <ul>
          {problems.map((problem) => (
            <li key={`${problem.path}:${problem.message}`}>
              <code>{problem.path}</code> {problem.message}
              {problem.line === undefined ? '' : ` (line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`})`}
            </li>
          ))}
        </ul>
      )}
      {needsKey(error) && <KeyForm />}
      {retry && !needsKey(error) && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  )
}

/**
 * Nothing to show. With no events stored at all, says how to send some; otherwise the window or the choices hold
 * nothing, and says so.
 */
export function Empty({ children }: { children: ComponentChildren }) {
  const status = useApi<StatusAnswer>('/v1/status')
  const noEvents = status.state === 'ok' && status.data.eventStore.events === 0
  const origin = window.location.origin
  return (
    <div class="state empty">
      {noEvents ? (
        <>
          <p>
            <strong>No events yet.</strong> Send touchpoint, handoff and deal events to the engine, for example:
          </p>
          <pre>{`curl -X POST ${origin}/v1/events -H 'content-type: application/json' -d '[
  {"eventId": "t-1", "type": "touchpoint.recorded", "occurredAt": "2024-01-10T09:00:00Z",
   "data": {"anonymousId": "cookie-7", "campaignId": "spring-webinar", "channel": "webinar", "touchType": "form_fill"}}
]'`}</pre>
          <p>
            or import a file with <code>pnpm attribution import events.ndjson</code>. The event types are described at{' '}
            <a href="/docs">/docs</a>; the Status page shows when they are counted.
          </p>
        </>
      ) : (
        <p>{children}</p>
      )}
    </div>
  )
}

/** What a page shows before its answer: the API's error with a retry, or a loading line the first time. */
export function Pending<T>({ answer, what }: { answer: Loaded<T> & { reload(): void }; what: string }) {
  if (answer.state === 'error') return <ErrorBox error={answer.error} retry={answer.reload} />
  if (answer.state === 'loading' && answer.data === undefined) return <Loading what={what} />
  return null
}
