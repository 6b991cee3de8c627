import { useApi } from '../api/useApi.ts'
import type { DefinitionsAnswer } from '../api/types.ts'
import type { PageState } from '../routing/usePage.ts'
import { DateInput, Select } from './Controls.tsx'

/** The window [from, to) every report takes; either end left empty is open. */
export function WindowControls({ page }: { page: PageState }) {
  return (
    <>
      <DateInput name="from" label="From" value={page.params.from ?? ''} onChange={(from) => page.set({ from })} />
      <DateInput name="to" label="To (exclusive)" value={page.params.to ?? ''} onChange={(to) => page.set({ to })} />
    </>
  )
}

/** The lead definition version whose MQLs count: the active one unless another replayed version is chosen. */
export function DefinitionSelect({ page, label = 'Lead definition' }: { page: PageState; label?: string }) {
  const definitions = useApi<DefinitionsAnswer>('/v1/lead-definitions')
  const replayed = definitions.data?.definitions.filter((definition) => definition.replayed) ?? []
  const chosen = page.params.definition ?? ''
  const options = [
    { value: '', label: 'Active definition' },
    ...replayed.map((definition) => ({
      value: `${definition.definitionId}@${definition.version}`,
      label: `${definition.definitionId}@${definition.version}${definition.active ? ' (active)' : ''}`,
    })),
  ]
  if (chosen && !options.some((option) => option.value === chosen)) options.push({ value: chosen, label: chosen })
  return <Select name="definition" label={label} value={chosen} options={options} onChange={(definition) => page.set({ definition })} />
}

/** Credit campaigns, or the channels they belong to. */
export function LevelSelect({ page }: { page: PageState }) {
  return (
    <Select
      name="level"
      label="Level"
      value={page.params.level ?? 'campaign'}
      options={[
        { value: 'campaign', label: 'Campaign' },
        { value: 'channel', label: 'Channel' },
      ]}
      onChange={(level) => page.set({ level: level === 'campaign' ? undefined : level })}
    />
  )
}
