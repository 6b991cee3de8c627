import { useCallback, useEffect, useState } from 'preact/hooks'
import { request } from './client.ts'

export type Loaded<T> =
  | { state: 'loading'; data?: T }
  | { state: 'error'; error: Error; data?: T }
  | { state: 'ok'; data: T }

/**
 * The answer to a GET, fetched again whenever the path changes (a choice in the URL) or reload() is called; a
 * request overtaken by a newer one is aborted, so a slow answer never replaces a newer one. A null path fetches
 * nothing. While a new answer loads, the previous one stays shown (dimmed) instead of the page jumping.
 */
export function useApi<T>(path: string | null): Loaded<T> & { reload(): void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    if (path === null) return
    const controller = new AbortController()
    setLoaded((previous) => ({ state: 'loading', ...(previous.data === undefined ? {} : { data: previous.data }) }))
    request<T>(path, { signal: controller.signal }).then(
      (data) => setLoaded({ state: 'ok', data }),
      (error: Error) => {
        if (error.name !== 'AbortError') setLoaded({ state: 'error', error })
      },
    )
    return () => controller.abort()
  }, [path, round])
  const reload = useCallback(() => setRound((value) => value + 1), [])
  return { ...loaded, reload }
}
