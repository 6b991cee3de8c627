import { STATUS_CODES } from 'node:http'

/**
 * A refusal as the engine's queries raise one: an error with the HTTP status it means and that status's name (a lead
 * definition not published, 404; not replayed yet, 409), which the API answers as it is.
 */
export function portRefusal(statusCode: 404 | 409, message: string): Error & { statusCode: number } {
  const error = Object.assign(new Error(message), { statusCode })
  error.name = STATUS_CODES[statusCode] ?? 'Error'
  return error
}
