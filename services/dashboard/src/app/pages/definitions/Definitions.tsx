import { useApi } from '../../api/useApi.ts'
import { post } from '../../api/send.ts'
import type { DefinitionsAnswer, StoredDefinition } from '../../api/types.ts'
import { ErrorBox, Loading } from '../../components/States.tsx'
import { Table } from '../../components/Table.tsx'
import { formatDateTime } from '../../format/numbers.ts'
import { usePage, type PageState } from '../../routing/usePage.ts'
import { useEffect, useState } from 'preact/hooks'
import { ActivateButton } from './ActivateButton.tsx'
import { DefinitionComparison } from './DefinitionComparison.tsx'
import { parseVersionName, versionName } from './documentFormat.ts'
import { PublishForm } from './PublishForm.tsx'
import { ReplayProgress } from './ReplayProgress.tsx'

/**
 * The shared lead definition's life: the versions and the active one, publish, replay over all of history, compare
 * with the active one, activate. The version viewed, compared and the replay followed are in the URL.
 */
export function Definitions() {
  const page = usePage()
  const definitions = useApi<DefinitionsAnswer>('/v1/lead-definitions')
  const [replayFailure, setReplayFailure] = useState<Error | undefined>()
  const published = useListedSoon(definitions.data, definitions.reload)
  const { params } = page
  const replay = async (definition: { definitionId: string; version: number }) => {
    setReplayFailure(undefined)
    try {
      const { jobId } = await post<{ jobId: string }>(
        `/v1/lead-definitions/${encodeURIComponent(definition.definitionId)}/replay?version=${definition.version}`,
      )
      page.set({ job: jobId })
    } catch (error) {
      setReplayFailure(error as Error)
    }
  }
  const viewed = parseVersionName(params.view)
  const shown = definitions.data?.definitions.find((definition) => viewed && definition.definitionId === viewed.definitionId && definition.version === viewed.version)
  return (
    <>
      {definitions.state === 'error' && <ErrorBox error={definitions.error} retry={definitions.reload} />}
      {definitions.state === 'loading' && !definitions.data && <Loading what="the lead definitions" />}
      {definitions.data && (
        <>
          <p class="hint" data-active={definitions.data.active ? versionName(definitions.data.active) : ''}>
            {definitions.data.active
              ? `Every report uses ${versionName(definitions.data.active)} unless another version is named.`
              : 'No definition is active yet: publish one, replay it and activate it to count MQLs.'}
          </p>
          <Versions definitions={definitions.data.definitions} page={page} onReplay={replay} onActivated={definitions.reload} />
        </>
      )}
      {published.waitingFor && <p class="state loading">Published {published.waitingFor}; waiting for the engine to list it…</p>}
      {replayFailure && <ErrorBox error={replayFailure} />}
      {params.job && <ReplayProgress jobId={params.job} onFinished={definitions.reload} />}
      {params.candidate && <DefinitionComparison candidate={params.candidate} from={params.from} to={params.to} />}
      {shown && (
        <>
          <h2>{versionName(shown)}: {shown.name}</h2>
          <pre class="document">{shown.document}</pre>
        </>
      )}
      <h2>Publish a version</h2>
      <PublishForm
        onPublished={(version) => {
          published.expect(versionName(version))
          page.set({ view: versionName(version) })
        }}
      />
    </>
  )
}

function Versions(props: {
  definitions: StoredDefinition[]
  page: PageState
  onReplay(definition: StoredDefinition): void
  onActivated(): void
}) {
  const { page } = props
  return (
    <Table
      columns={[
        { key: 'version', label: 'Version', show: (row) => versionName(row) },
        { key: 'name', label: 'Name', show: (row) => row.name },
        { key: 'publishedAt', label: 'Published', show: (row) => formatDateTime(row.publishedAt) },
        { key: 'state', label: 'State', show: (row) => (row.active ? 'active' : row.replayed ? 'replayed' : 'published') },
        {
          key: 'actions',
          label: '',
          show: (row) => (
            <span class="actions">
              <button type="button" class="secondary" data-action="view" onClick={() => page.set({ view: versionName(row) })}>
                View
              </button>{' '}
              {!row.replayed && (
                <button type="button" data-action="replay" onClick={() => props.onReplay(row)}>
                  Replay
                </button>
              )}
              {row.replayed && !row.active && (
                <>
                  <button type="button" class="secondary" data-action="compare" onClick={() => page.set({ candidate: versionName(row) })}>
                    Compare
                  </button>{' '}
                  <ActivateButton definitionId={row.definitionId} version={row.version} onActivated={props.onActivated} />
                </>
              )}
            </span>
          ),
        },
      ]}
      rows={props.definitions}
      rowKey={versionName}
    />
  )
}

const LIST_POLL_MS = 300

/**
 * A version is listed once the projector has applied its publication, a moment after the API answered: until then
 * the list is read again, so the new version appears without the person reloading.
 */
function useListedSoon(listed: DefinitionsAnswer | undefined, reload: () => void): { waitingFor?: string; expect(name: string): void } {
  const [waitingFor, setWaitingFor] = useState<string | undefined>()
  useEffect(() => {
    if (!waitingFor || !listed) return
    if (listed.definitions.some((definition) => versionName(definition) === waitingFor)) {
      setWaitingFor(undefined)
      return
    }
    const timer = setTimeout(reload, LIST_POLL_MS)
    return () => clearTimeout(timer)
  }, [waitingFor, listed, reload])
  return {
    ...(waitingFor ? { waitingFor } : {}),
    expect(name: string) {
      setWaitingFor(name)
      reload()
    },
  }
}
