import type { ComponentChildren } from 'preact'
import { navigate } from '../routing/location.ts'

/** A link that changes the page without reloading it; a click with a modifier key opens a new tab as usual. */
export function Link({ href, children, current }: { href: string; children: ComponentChildren; current?: boolean }) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(href)
  }
  return (
    <a href={href} onClick={onClick} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  )
}
