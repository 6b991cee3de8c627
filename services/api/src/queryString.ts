import { formatPath, textProblem, type FieldError } from '@attribution/contracts'

export interface ParsedQuery {
  /** Each parameter's value; a parameter given more than once keeps every value, in order. */
  values: Record<string, string | string[]>
  problems: FieldError[]
}

/**
 * Reads a query string as browsers write it (`a=1&b=x+y&c=caf%C3%A9`), strictly: a percent-escape that is not UTF-8
 * (`%FF`; `%ED%A0%80`, a lone surrogate; `%zz`), a raw character outside printable ASCII (which a client should have
 * escaped, and which Node hands over as Latin-1, so an `é` would read as `Ã©`) and text the stores cannot hold (NUL) are
 * problems to refuse with the parameter's path, never characters to replace or keep raw.
 */
export function parseQueryString(text: string): ParsedQuery {
  const values: Record<string, string | string[]> = Object.create(null)
  const problems: FieldError[] = []
  for (const pair of text.split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const rawKey = equals === -1 ? pair : pair.slice(0, equals)
    const key = decoded(rawKey)
    const value = decoded(equals === -1 ? '' : pair.slice(equals + 1))
    if (!key.ok) {
      problems.push({ path: formatPath(['querystring', rawKey]), message: `the parameter name ${key.problem}` })
      continue
    }
    if (!value.ok) {
      problems.push({ path: formatPath(['querystring', key.text]), message: value.problem })
      continue
    }
    const earlier = values[key.text]
    values[key.text] = earlier === undefined ? value.text : [...(Array.isArray(earlier) ? earlier : [earlier]), value.text]
  }
  return { values, problems }
}

/** One key or value decoded, or why it cannot be. */
function decoded(raw: string): { ok: true; text: string } | { ok: false; problem: string } {
  // Printable ASCII only: everything else arrives percent-encoded from a well-behaved client.
  if (!/^[\x21-\x7e]*$/.test(raw)) return { ok: false, problem: 'must be percent-encoded: the URL holds a raw character outside printable ASCII' }
  let text: string
  try {
    text = decodeURIComponent(raw.replaceAll('+', ' '))
  } catch {
    // decodeURIComponent refuses exactly what is not UTF-8: bad escapes, overlong forms, encoded surrogates.
    return { ok: false, problem: 'must be percent-encoded UTF-8' }
  }
  const problem = textProblem(text)
  return problem === undefined ? { ok: true, text } : { ok: false, problem }
}

/** The query string of a request target: what follows the first `?`. */
export function queryStringOf(url: string): string {
  const start = url.indexOf('?')
  return start === -1 ? '' : url.slice(start + 1)
}
