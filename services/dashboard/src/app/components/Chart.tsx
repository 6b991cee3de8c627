import { useEffect, useRef, useState } from 'preact/hooks'

/**
 * A chart drawn by Observable Plot as SVG, at the width of its container (redrawn when that changes, so it fits a
 * phone as well as a wide screen). `draw` receives the width and returns Plot's element.
 */
export function Chart({ draw, label }: { draw: (width: number) => Element; label: string }) {
  const container = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const element = container.current
    if (!element) return
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])
  useEffect(() => {
    const element = container.current
    if (!element || width === 0) return
    const chart = draw(width)
    element.replaceChildren(chart)
    return () => chart.remove()
  }, [draw, width])
  return <div class="chart" ref={container} role="img" aria-label={label} />
}
