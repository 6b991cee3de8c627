import { describe, expect, it } from 'vitest'
import { parseQueryString, queryStringOf } from './queryString.ts'

describe('parseQueryString', () => {
  it('decodes percent-escapes and plus signs, and keeps every value of a repeated parameter', () => {
    const { values, problems } = parseQueryString('model=w_shaped&name=caf%C3%A9+cr%C3%A8me&x=1&x=2&flag&&emoji=%F0%9F%9A%80')
    expect(problems).toEqual([])
    expect({ ...values }).toEqual({ model: 'w_shaped', name: 'café crème', x: ['1', '2'], flag: '', emoji: '\u{1f680}' })
  })

  it('refuses, with the parameter, what is not UTF-8 or what the stores cannot hold', () => {
    const { values, problems } = parseQueryString('from=%FF&to=%ED%A0%80&weights=%zz&customModel=a%00b&ok=1&%FFkey=1&raw=caf\u00c3\u00a9')
    expect(problems).toEqual([
      { path: 'querystring.from', message: 'must be percent-encoded UTF-8' },
      { path: 'querystring.to', message: 'must be percent-encoded UTF-8' },
      { path: 'querystring.weights', message: 'must be percent-encoded UTF-8' },
      { path: 'querystring.customModel', message: 'must not contain the NUL character' },
      { path: 'querystring.%FFkey', message: 'the parameter name must be percent-encoded UTF-8' },
      { path: 'querystring.raw', message: 'must be percent-encoded: the URL holds a raw character outside printable ASCII' },
    ])
    expect({ ...values }).toEqual({ ok: '1' })
  })

  it('finds the query string of a request target', () => {
    expect(queryStringOf('/v1/funnel?from=2024-01-01&to=2024-02-01')).toBe('from=2024-01-01&to=2024-02-01')
    expect(queryStringOf('/v1/funnel')).toBe('')
    expect(queryStringOf('/v1/funnel?a=1?b=2')).toBe('a=1?b=2')
  })
})
