/** The dashboard's pages: each a path of its own, so a link names the page and every choice on it (its query string). */
export const pages = [
  { id: 'overview', path: '/', title: 'Revenue by campaign' },
  { id: 'compare', path: '/compare', title: 'Compare models' },
  { id: 'funnel', path: '/funnel', title: 'Funnel' },
  { id: 'handoffs', path: '/handoffs', title: 'Handoff health' },
  { id: 'definitions', path: '/definitions', title: 'Lead definitions' },
  { id: 'channels', path: '/channel-rules', title: 'Channel rules' },
  { id: 'journey', path: '/journey', title: 'Deal journey' },
  { id: 'status', path: '/status', title: 'Status' },
] as const

export type PageId = (typeof pages)[number]['id']

/** Every path the API answers with the dashboard's page. */
export const pagePaths: readonly string[] = pages.map((page) => page.path)

/** The page a path shows; unknown paths show the overview rather than nothing. */
export function pageAt(pathname: string): PageId {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  return pages.find((page) => page.path === trimmed)?.id ?? 'overview'
}
