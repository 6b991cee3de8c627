import { useState } from 'preact/hooks'
import { forgetApiKey, storedApiKey, storeApiKey } from '../api/apiKey.ts'

/**
 * Once keys exist, the engine answers only requests with one. The person pastes theirs (from `attribution keys
 * create`): a read key shows every page, an admin key also publishes, replays and activates definitions. The page
 * loads again with it.
 */
export function KeyForm() {
  const [key, setKey] = useState('')
  const held = storedApiKey() !== undefined
  const submit = (event: Event) => {
    event.preventDefault()
    storeApiKey(key.trim())
    window.location.reload()
  }
  return (
    <form class="key-form" onSubmit={submit}>
      <label>
        <span>
          {held ? 'The key this tab holds is not enough here. ' : ''}
          API key (read scope to view, admin to publish, replay and activate), kept for this tab only:
        </span>
        <input type="password" name="apiKey" autocomplete="off" value={key} onInput={(event) => setKey(event.currentTarget.value)} />
      </label>
      <button type="submit" disabled={key.trim() === ''}>
        Use this key
      </button>
      {held && (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            forgetApiKey()
            window.location.reload()
          }}
        >
          Forget the key
        </button>
      )}
    </form>
  )
}
