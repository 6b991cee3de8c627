import { storedApiKey } from './apiKey.ts'
import type { ApiErrorBody } from './types.ts'

/** An answer of the API that is not a success, carrying its message and the path of each problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message)
    this.name = 'ApiError'
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text()
  try {
    const body = JSON.parse(text) as ApiErrorBody
    if (typeof body.message === 'string') return new ApiError(response.status, body)
  } catch {
    // Not the API's error shape (a proxy's page, say): show what came back rather than nothing.
  }
  return new ApiError(response.status, { error: response.statusText, message: text.slice(0, 500) || `HTTP ${response.status}` })
}

/**
 * Sends a request to the engine's own API, the one everybody scripts against, with the key this tab was given if
 * any, and reads its JSON answer.
 */
export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    const headers = new Headers(init.headers)
    headers.set('accept', 'application/json')
    const key = storedApiKey()
    if (key !== undefined) headers.set('authorization', `Bearer ${key}`)
    response = await fetch(path, { ...init, headers })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiError(0, { error: 'Unreachable', message: `the engine does not answer (${(error as Error).message}): is it running?` })
  }
  if (!response.ok) throw await errorOf(response)
  return (await response.json()) as T
}

/** The API asks for a key, or for one with more scope: what a form for a key can fix. */
export function needsKey(error: Error): boolean {
  return error instanceof ApiError && (error.status === 401 || (error.status === 403 && /scope|protected mode/.test(error.message)))
}
