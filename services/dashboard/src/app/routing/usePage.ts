import { useCallback } from 'preact/hooks'
import { navigate, useLocation } from './location.ts'
import { hrefWith, type Params } from './urlState.ts'

export interface PageState {
  params: Params
  /** Changes choices of this page: a new history entry, so the back button undoes it. */
  set(changes: Record<string, string | undefined>): void
}

/** The current page's choices and a way to change them, through the URL. */
export function usePage(): PageState {
  const { pathname, params } = useLocation()
  const set = useCallback((changes: Record<string, string | undefined>) => navigate(hrefWith(pathname, params, changes)), [pathname, params])
  return { params, set }
}
