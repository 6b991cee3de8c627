import { request } from './client.ts'

/** A POST to the API with a text body of the given type (a YAML definition) or none. */
export function post<T>(path: string, body?: { text: string; type: string }): Promise<T> {
  return request<T>(path, { method: 'POST', ...(body ? { body: body.text, headers: { 'content-type': body.type } } : {}) })
}
