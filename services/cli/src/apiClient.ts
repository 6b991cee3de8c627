/** A failure the API explained: its status and message, for the user as they are. */
export class ApiError extends Error {}

/**
 * The Authorization header for the API: the key given, else ATTRIBUTION_API_KEY; none without either (protected mode
 * answers this machine without one).
 */
export function authorization(apiKey = process.env.ATTRIBUTION_API_KEY): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {}
}

/** One call to a running engine's API; its answer, or an ApiError that says what went wrong in words. */
export async function call<T>(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: string; type?: string; apiKey?: string } = {},
): Promise<T> {
  let response: Response
  try {
    const content: Record<string, string> = options.body === undefined ? {} : { 'content-type': options.type ?? 'application/json' }
    response = await fetch(`${url}${path}`, {
      method,
      headers: { ...authorization(options.apiKey), ...content },
      ...(options.body === undefined ? {} : { body: options.body }),
    })
  } catch (error) {
    throw new ApiError(`cannot reach the engine at ${url} (${(error as Error).message}); is it running? (attribution start, or --url)`)
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string }
  if (response.status === 401) {
    throw new ApiError(`${method} ${path} answered 401: ${body.message ?? ''}; set ATTRIBUTION_API_KEY to a key (attribution keys create)`)
  }
  if (!response.ok) throw new ApiError(`${method} ${path} answered ${response.status}: ${body.message ?? 'no message'}`)
  return body as T
}
