/** The headline figures of a page, each a labelled value (data-figure names it for tests and for people's tools). */
export function Figures({ figures }: { figures: { name: string; label: string; value: string; hint?: string }[] }) {
  return (
    <dl class="figures">
      {figures.map((figure) => (
        <div key={figure.name} data-figure={figure.name}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
          {figure.hint && <small>{figure.hint}</small>}
        </div>
      ))}
    </dl>
  )
}
