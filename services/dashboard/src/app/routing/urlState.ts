/**
 * Everything a person chooses lives in the URL's query string, so a link reproduces the view and the back button
 * undoes a choice. These pure functions read and write it; location.ts applies them to the browser's history.
 */
export type Params = Readonly<Record<string, string>>

/** The query string as a plain record; of a repeated name the first value counts. */
export function readParams(search: string): Params {
  const params: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(search)) if (!(name in params)) params[name] = value
  return params
}

/**
 * The href of `path` with `current` changed by `changes`: a name given undefined or '' is removed, so a choice set
 * back to its default leaves no trace and equal views have equal links.
 */
export function hrefWith(path: string, current: Params, changes: Record<string, string | undefined> = {}): string {
  const merged: Record<string, string | undefined> = { ...current, ...changes }
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(merged)) if (value !== undefined && value !== '') search.set(name, value)
  const text = search.toString()
  return text ? `${path}?${text}` : path
}

/** Choices that mean the same on every page: a window and a lead definition follow a person from page to page. */
export const sharedParams = ['from', 'to', 'definition'] as const

/** The shared choices of `current`, for links to other pages. */
export function carriedParams(current: Params): Params {
  const carried: Record<string, string> = {}
  for (const name of sharedParams) if (current[name]) carried[name] = current[name]
  return carried
}

/** An API path with a query string of the values given; undefined and '' are left out. */
export function apiPath(path: string, query: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, String(value))
  const text = search.toString()
  return text ? `${path}?${text}` : path
}
