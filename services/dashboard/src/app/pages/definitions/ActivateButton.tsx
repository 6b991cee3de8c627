import { useState } from 'preact/hooks'
import { post } from '../../api/send.ts'
import { ErrorBox } from '../../components/States.tsx'

/**
 * Activation changes every report at once, so it asks first, in the page (no browser dialog), and says what it did.
 * `collection` is where the versions live: lead definitions unless channel rules are activated (`/v1/channel-rules`).
 */
export function ActivateButton({
  definitionId,
  version,
  onActivated,
  collection = '/v1/lead-definitions',
  what = 'the definition every report uses',
}: {
  definitionId: string
  version: number
  onActivated(): void
  collection?: string
  what?: string
}) {
  const [asking, setAsking] = useState(false)
  const [sending, setSending] = useState(false)
  const [failure, setFailure] = useState<Error | undefined>()
  const name = `${definitionId}@${version}`
  const activate = async () => {
    setSending(true)
    setFailure(undefined)
    try {
      await post(`${collection}/${encodeURIComponent(definitionId)}/activate?version=${version}`)
      setAsking(false)
      onActivated()
    } catch (error) {
      setFailure(error as Error)
    } finally {
      setSending(false)
    }
  }
  if (!asking) {
    return (
      <button type="button" class="secondary" data-action="activate" onClick={() => setAsking(true)}>
        Activate
      </button>
    )
  }
  return (
    <div class="confirm" role="alertdialog" aria-label={`Activate ${name}`}>
      <span>
        Make <strong>{name}</strong> {what}? The previous one stays readable by name.
      </span>
      <button type="button" data-action="confirm-activate" disabled={sending} onClick={activate}>
        {sending ? 'Activating…' : `Yes, activate ${name}`}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {failure && <ErrorBox error={failure} />}
    </div>
  )
}
