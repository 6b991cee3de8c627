import { describe, expect, it } from 'vitest'
import { formatDefinitionError } from '../leadDefinition/definitionError.ts'
import { parseChannelRules, validateChannelRules } from './parseChannelRules.ts'

const issueExample = `id: our-channels
version: 2
extends: default
rules:
  - channel: linkedin
    when: { referrerHost: ["*linkedin.com", "lnkd.in"] }
  - channel: linkedin
    when: { utmSource: linkedin }
  - channel: paid_search_brand
    campaign: "{utmCampaign}"
    when: { utmMedium: [cpc, ppc], utmCampaign: "brand*" }
`

describe('reading channel rules', () => {
  it('Given the example of the issue in YAML, When parsed, Then it is read as written', () => {
    expect(parseChannelRules(issueExample, 'yaml')).toEqual({
      ok: true,
      rules: {
        id: 'our-channels',
        version: 2,
        extends: 'default',
        rules: [
          { channel: 'linkedin', when: { referrerHost: ['*linkedin.com', 'lnkd.in'] } },
          { channel: 'linkedin', when: { utmSource: 'linkedin' } },
          { channel: 'paid_search_brand', campaign: '{utmCampaign}', when: { utmMedium: ['cpc', 'ppc'], utmCampaign: 'brand*' } },
        ],
      },
    })
  })

  it('Given the same rules in JSON, When parsed, Then they read the same', () => {
    const json = JSON.stringify({ id: 'j', version: 1, rules: [{ channel: 'email', when: { utmMedium: 'email', hasUtm: true } }] }, null, 2)
    expect(parseChannelRules(json, 'json')).toEqual({
      ok: true,
      rules: { id: 'j', version: 1, rules: [{ channel: 'email', when: { utmMedium: 'email', hasUtm: true } }] },
    })
  })

  it('Given an unknown condition, an unknown shipped set and a bad pattern, Then each is refused with its path, line and column', () => {
    const text = `id: ours
version: 1
extends: google
rules:
  - channel: linkedin
    when: { referrerHost: "/{a,b}", utmSorce: linkedin }
`
    const parsed = parseChannelRules(text, 'yaml')
    expect(parsed.ok).toBe(false)
    expect(parsed.ok ? [] : parsed.errors.map(formatDefinitionError)).toEqual([
      "extends: must name shipped rules: default (line 3, column 10)",
      "rules[0].when.referrerHost: invalid pattern: '{' is reserved (escape it as \\{, or list alternatives as separate patterns) (line 6, column 27)",
      'rules[0].when.utmSorce: is not a known field (line 6, column 47)',
    ])
  })

  it('Given an empty rule list, a rule without conditions and an unknown placeholder, Then each is refused where it is', () => {
    expect(parseChannelRules('id: a\nversion: 1\nrules: []\n', 'yaml')).toEqual({
      ok: false,
      errors: [{ path: 'rules', message: 'must list at least one rule', line: 3, column: 8 }],
    })
    const text = 'id: a\nversion: 1\nrules:\n  - channel: x\n    when: {}\n  - channel: y\n    campaign: "{utmCampain}"\n    when: { referrer: [none, elsewhere] }\n'
    expect(parseChannelRules(text, 'yaml')).toEqual({
      ok: false,
      errors: [
        { path: 'rules[0].when', message: expect.stringMatching(/^must name at least one of utmSource, /), line: 5, column: 11 },
        { path: 'rules[1].campaign', message: expect.stringMatching(/^'\{utmCampain\}' is not a placeholder; use \{utmSource\}/), line: 7, column: 15 },
        { path: 'rules[1].when.referrer[1]', message: 'must be one of none, same-site, other-site', line: 8, column: 30 },
      ],
    })
  })

  it('Given broken YAML or JSON, Then the syntax error carries its line and column', () => {
    expect(parseChannelRules('id: a\nversion: 1\nrules:\n  - channel: [x\n', 'yaml')).toMatchObject({ ok: false, errors: [{ line: expect.any(Number), column: expect.any(Number) }] })
    expect(parseChannelRules('{"id": "a",, }', 'json')).toMatchObject({ ok: false, errors: [{ path: '' }] })
  })

  it('Given a value from a JSON body, Then it is checked with paths too', () => {
    expect(validateChannelRules({ id: 'a', version: 0, rules: [{ channel: '', when: { touchType: 'fax' } }] })).toEqual({
      ok: false,
      errors: [
        { path: 'version', message: 'must be at least 1' },
        { path: 'rules[0].channel', message: 'must not be empty' },
        { path: 'rules[0].when.touchType', message: expect.stringMatching(/^must be one of ad_click, /) },
      ],
    })
  })
})
