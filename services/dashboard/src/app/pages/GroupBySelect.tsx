import { Select } from '../components/Controls.tsx'
import type { PageState } from '../routing/usePage.ts'

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
