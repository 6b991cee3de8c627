/** A failure the API explained: its status and message, for the user as they are. */
export class ApiError extends Error {}

/** One call to a running engine's API; its answer, or an ApiError that says what went wrong in words. */
export async function call<T>(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: string; type?: string } = {},
): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${url}${path}`, {
      method,
      ...(options.body === undefined ? {} : { body: options.body, headers: { 'content-type': options.type ?? 'application/json' } }),
    })
  } catch (error) {
    throw new ApiError(`cannot reach the engine at ${url} (${(error as Error).message}); is it running? (attribution start, or --url)`)
  }
  const body = (await response.json().catch(() => ({}))) as { message?: string }
  if (!response.ok) throw new ApiError(`${method} ${path} answered ${response.status}: ${body.message ?? 'no message'}`)
  return body as T
}
