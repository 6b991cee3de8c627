import { Link } from './components/Link.tsx'
import { useLocation } from './routing/location.ts'
import { pageAt, pages, type PageId } from './routing/pages.ts'
import { carriedParams, hrefWith } from './routing/urlState.ts'
import { Overview } from './pages/Overview.tsx'
import { CompareModels } from './pages/CompareModels.tsx'
import { Funnel } from './pages/Funnel.tsx'
import { Handoffs } from './pages/Handoffs.tsx'
import { Definitions } from './pages/definitions/Definitions.tsx'
import { ChannelRules } from './pages/ChannelRules.tsx'
import { Journey } from './pages/Journey.tsx'
import { Status } from './pages/Status.tsx'
import { useEffect } from 'preact/hooks'

const views: Record<PageId, () => preact.JSX.Element> = {
  overview: Overview,
  compare: CompareModels,
  funnel: Funnel,
  handoffs: Handoffs,
  definitions: Definitions,
  channels: ChannelRules,
  journey: Journey,
  status: Status,
}

/** The frame of every page: the navigation (carrying the window and definition along) and the page the path names. */
export function App() {
  const { pathname, params } = useLocation()
  const current = pageAt(pathname)
  const page = pages.find((candidate) => candidate.id === current) ?? pages[0]
  const View = views[current]
  useEffect(() => {
    document.title = `${page.title} · Attribution`
  }, [page])
  const carried = carriedParams(params)
  return (
    <>
      <header>
        <a class="brand" href="/">
          Attribution
        </a>
        <nav aria-label="Pages">
          {pages.map((target) => (
            <Link key={target.id} href={hrefWith(target.path, carried)} current={target.id === current}>
              {target.title}
            </Link>
          ))}
          <a href="/docs">API</a>
        </nav>
      </header>
      <main data-page={current}>
        <h1>{page.title}</h1>
        <View />
      </main>
    </>
  )
}
