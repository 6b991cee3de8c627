import { useEffect, useState } from 'preact/hooks'
import { readParams, type Params } from './urlState.ts'

export interface Location {
  pathname: string
  params: Params
}

const listeners = new Set<() => void>()
const current = (): Location => ({ pathname: window.location.pathname, params: readParams(window.location.search) })

/** Goes to `href` inside the page: a new history entry (the back button returns), or `replace` for a correction. */
export function navigate(href: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', href)
  else window.history.pushState(null, '', href)
  for (const listener of listeners) listener()
}

/** The location, kept current through navigate() and the browser's back and forward buttons. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current)
  useEffect(() => {
    const update = () => setLocation(current())
    listeners.add(update)
    window.addEventListener('popstate', update)
    return () => {
      listeners.delete(update)
      window.removeEventListener('popstate', update)
    }
  }, [])
  return location
}
