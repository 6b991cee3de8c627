import { describe, expect, it } from 'vitest'
import { validateEvent } from './index.ts'
import { parseTouchUrl } from './touchUrl.ts'

const policy = { reportingCurrency: 'USD' }
const touch = (data: Record<string, unknown>) =>
  validateEvent({ eventId: 't', type: 'touchpoint.recorded', occurredAt: '2024-05-01T00:00:00Z', data: { anonymousId: 'a', touchType: 'page_view', ...data } }, policy)

describe('raw touches', () => {
  it('takes a touch with only a url, referrer or utm, leaving campaign and channel to the channel rules', () => {
    expect(touch({ url: 'https://example.com/?utm_source=google' }).ok).toBe(true)
    expect(touch({ referrer: 'https://www.linkedin.com/' }).ok).toBe(true)
    expect(touch({ utm: { source: 'newsletter', medium: 'email', campaign: 'may', term: 'crm', content: 'top' } }).ok).toBe(true)
  })

  it('still requires campaignId and channel from a touch with nothing raw to derive them from', () => {
    expect(touch({})).toMatchObject({
      ok: false,
      errors: [
        { path: 'data.campaignId', message: 'is required' },
        { path: 'data.channel', message: 'is required' },
      ],
    })
  })

  it('refuses a malformed URL, an empty one and an unknown utm field, each with its path', () => {
    expect(touch({ url: 'https://exa mple.com/', referrer: '', utm: { source: 'x', medum: 'cpc' } })).toMatchObject({
      ok: false,
      errors: [
        { path: 'data.url', message: 'must be a URL, e.g. https://www.example.com/pricing?utm_source=newsletter' },
        { path: 'data.referrer', message: 'must not be empty; leave the field out when there is none' },
        { path: 'data.utm.medum', message: 'is not a known field' },
      ],
    })
    expect(touch({ url: 'http://[::1' })).toMatchObject({ ok: false, errors: [{ path: 'data.url' }] })
    expect(touch({ referrer: 'https://' })).toMatchObject({ ok: false, errors: [{ path: 'data.referrer' }] })
  })
})

describe('parseTouchUrl', () => {
  it('reads a URL without a scheme, or with only //, as https', () => {
    expect(parseTouchUrl('www.example.com/pricing?a=1')?.href).toBe('https://www.example.com/pricing?a=1')
    expect(parseTouchUrl('//example.com/x')?.href).toBe('https://example.com/x')
    expect(parseTouchUrl('example.com:8080/x')?.href).toBe('https://example.com:8080/x')
  })

  it('keeps other schemes the parser knows, and lower-cases hosts', () => {
    expect(parseTouchUrl('android-app://com.google.android.gm/')?.protocol).toBe('android-app:')
    expect(parseTouchUrl('HTTPS://WWW.Example.COM/Path')?.href).toBe('https://www.example.com/Path')
  })

  it('refuses text with spaces or control characters, and web URLs without a host', () => {
    expect(parseTouchUrl('https://example.com/a b')).toBeUndefined()
    expect(parseTouchUrl('https://example.com/\n')).toBeUndefined()
    expect(parseTouchUrl('http://')).toBeUndefined()
  })
})
