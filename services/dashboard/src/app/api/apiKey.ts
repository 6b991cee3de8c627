/**
 * The API key the person gave this tab, once the engine asked for one (any key exists: every route but the page
 * itself needs one). Kept in sessionStorage: for this tab only, gone when it closes, never in the URL.
 */
const storageKey = 'attribution.apiKey'

export function storedApiKey(): string | undefined {
  try {
    return window.sessionStorage.getItem(storageKey) ?? undefined
  } catch {
    // Storage refused (a locked-down browser): the page still works where the API needs no key.
    return undefined
  }
}

export function storeApiKey(key: string): void {
  window.sessionStorage.setItem(storageKey, key)
}

export function forgetApiKey(): void {
  window.sessionStorage.removeItem(storageKey)
}
