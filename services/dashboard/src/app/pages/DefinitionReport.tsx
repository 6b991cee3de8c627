import type { DefinitionUsed } from '../api/types.ts'
import { Controls, Select } from '../components/Controls.tsx'
import { DefinitionSelect, WindowControls } from '../components/SharedControls.tsx'
import type { PageState } from '../routing/usePage.ts'
import { apiPath } from '../routing/urlState.ts'

/**
 * The funnel and handoff health ask the same question (a window, a definition version, a grouping by first touch):
 * their controls, the API path they ask and the line saying which version answered.
 */
export function DefinitionReportControls({ page }: { page: PageState }) {
  return (
    <Controls>
      <WindowControls page={page} />
      <DefinitionSelect page={page} />
      <GroupBySelect page={page} />
    </Controls>
  )
}

export function definitionReportPath(path: string, params: Record<string, string | undefined>): string {
  return apiPath(path, { from: params.from, to: params.to, definition: params.definition, groupBy: params.groupBy })
}

export function definitionLabel(definition: DefinitionUsed): string {
  return `${definition.definitionId}@${definition.version}${definition.active ? ' (active)' : ''}`
}

/** Split a report by the channel or campaign of each person's first touch. */
export function GroupBySelect({ page }: { page: PageState }) {
  return (
    <Select
      name="groupBy"
      label="Group by first touch"
      value={page.params.groupBy ?? 'none'}
      options={[
        { value: 'none', label: 'No grouping' },
        { value: 'channel', label: 'Channel' },
        { value: 'campaign', label: 'Campaign' },
      ]}
      onChange={(groupBy) => page.set({ groupBy: groupBy === 'none' ? undefined : groupBy })}
    />
  )
}
