import { useState } from 'preact/hooks'
import { ApiError } from '../../api/client.ts'
import { post } from '../../api/send.ts'
import { ErrorBox } from '../../components/States.tsx'
import { contentTypeOf, erroneousLines } from './documentFormat.ts'

interface Published {
  definitionId: string
  version: number
  published: boolean
}

/**
 * Publish a new version: paste YAML (or JSON). The API refuses an invalid document with the line and column of every
 * problem; the document is then listed with those lines marked, so the person sees where to fix it.
 */
export function PublishForm({ onPublished }: { onPublished(published: Published): void }) {
  const [document, setDocument] = useState('')
  const [sending, setSending] = useState(false)
  const [failure, setFailure] = useState<Error | undefined>()
  const submit = async (event: Event) => {
    event.preventDefault()
    setSending(true)
    setFailure(undefined)
    try {
      onPublished(await post<Published>('/v1/lead-definitions', { text: document, type: contentTypeOf(document) }))
    } catch (error) {
      setFailure(error as Error)
    } finally {
      setSending(false)
    }
  }
  const marked = failure instanceof ApiError ? erroneousLines(failure.body.errors ?? []) : new Set<number>()
  return (
    <form onSubmit={submit} class="publish">
      <label>
        <span class="hint">Paste a definition (YAML or JSON); the format is in packages/domain/docs/lead-definitions.md.</span>
        <textarea name="document" value={document} onInput={(event) => setDocument(event.currentTarget.value)} spellcheck={false} />
      </label>
      <button type="submit" disabled={sending || document.trim() === ''}>
        {sending ? 'Publishing…' : 'Publish'}
      </button>
      {failure && <ErrorBox error={failure} />}
      {marked.size > 0 && (
        <pre class="document" aria-label="The document with the lines in error marked">
          {document.split('\n').map((line, index) => (
            <div key={index} class={marked.has(index + 1) ? 'line-error' : undefined} data-line={index + 1}>
              {String(index + 1).padStart(4, ' ')}  {line}
            </div>
          ))}
        </pre>
      )}
    </form>
  )
}
