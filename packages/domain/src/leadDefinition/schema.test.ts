import { describe, expect, it } from 'vitest'
import { formatDefinitionError, parseLeadDefinition, validateLeadDefinition, type DefinitionError } from './schema.ts'

const minimal = `
id: minimal
version: 1
name: Minimal
behaviour:
  - name: demo-request
    points: 50
    match: { touchType: form_fill, content: /demo* }
mql:
  threshold: 50
`

function errorsOf(text: string, format: 'yaml' | 'json'): DefinitionError[] {
  const parsed = parseLeadDefinition(text, format)
  if (parsed.ok) throw new Error('expected the document to be refused')
  return parsed.errors
}

describe('reading a lead definition', () => {
  it('Given a minimal YAML document, When parsed, Then it is typed with the defaults filled in', () => {
    const parsed = parseLeadDefinition(minimal, 'yaml')

    expect(parsed).toEqual({
      ok: true,
      definition: {
        id: 'minimal',
        version: 1,
        name: 'Minimal',
        behaviour: [{ name: 'demo-request', points: 50, match: { touchType: 'form_fill', content: '/demo*' } }],
        fit: [],
        mql: { threshold: 50 },
        recycle: {},
      },
    })
  })

  it('Given the same definition as JSON, When parsed, Then it reads the same', () => {
    const json = JSON.stringify({
      id: 'minimal',
      version: 1,
      name: 'Minimal',
      behaviour: [{ name: 'demo-request', points: 50, match: { touchType: 'form_fill', content: '/demo*' } }],
      mql: { threshold: 50 },
    })

    expect(parseLeadDefinition(json, 'json')).toEqual(parseLeadDefinition(minimal, 'yaml'))
  })

  it('Given an invalid pattern in the third behaviour rule, When parsed, Then the error points at that field and line', () => {
    const yaml = `id: patterns
version: 2
name: Patterns
behaviour:
  - name: a
    points: 1
    match: { touchType: page_view }
  - name: b
    points: 1
    match: { channel: email }
  - name: c
    points: 1
    match:
      content: /{pricing,demo}
mql: { threshold: 1 }
`
    const [error, ...others] = errorsOf(yaml, 'yaml')

    expect(others).toEqual([])
    expect(error).toMatchObject({ path: 'behaviour[2].match.content', line: 14, column: 16 })
    expect(formatDefinitionError(error!)).toMatch(
      /^behaviour\[2\]\.match\.content: invalid pattern: '\{' is reserved .* \(line 14, column 16\)$/,
    )
  })

  it('Given a document with many problems, When parsed, Then every one is reported with its path, in text order', () => {
    const yaml = `id: Bad Id
version: 1.5
name: Many problems
behaviour:
  - name: visits
    points: 0
    halfLife: 7
    match: { touchType: [page_view, pageview] }
  - name: visits
    points: 5
    match: {}
fit:
  - name: title
    points: 5
    subject: user
    attribute: title
    equals: VP
    in: [VP, CEO]
  - name: size
    points: -5
    subject: account
    attribute: employees
    range: { min: 50, max: 10 }
  - name: nothing
    points: 1
    subject: person
    attribute: country
mql:
  threshold: 10
  requireFit: [size, senior]
`
    const errors = errorsOf(yaml, 'yaml').map(({ path, message, line }) => [path, message, line])

    expect(errors).toEqual([
      ['id', 'must be lower-case letters, digits, ".", "_" or "-"', 1],
      ['version', 'must be a whole number', 2],
      ['behaviour[0].points', 'must be greater than 0', 6],
      ['behaviour[0].halfLife', 'is not a known field', 7],
      ['behaviour[0].match.touchType[1]', expect.stringMatching(/^must be one of ad_click, .*, other$/), 8],
      ['behaviour[1].name', 'duplicates the name of behaviour[0]', 9],
      ['behaviour[1].match', 'must name at least one of touchType, channel, campaignId, content', 11],
      ['fit[0].subject', 'must be one of person, account', 15],
      ['fit[0].in', 'a rule has exactly one condition; this one already has equals', 18],
      ['fit[1].range.min', 'must not be greater than max', 23],
      ['fit[2]', 'must have one condition: equals, in, range, exists, matches', 24],
      ['mql.requireFit[1]', "no fit rule is named 'senior'", 30],
    ])
  })

  it('Given a missing field, When parsed, Then it is required and located at its parent', () => {
    const errors = errorsOf(minimal.replace('  threshold: 50\n', '  requireFit: []\n'), 'yaml')

    expect(errors).toEqual([{ path: 'mql.threshold', message: 'is required', line: 10, column: 3 }])
  })

  it('Given broken YAML, When parsed, Then the syntax error carries its line and column', () => {
    const errors = errorsOf('id: x\nversion: 1\nname: [unclosed\nmql: 1\n', 'yaml')

    expect(errors).toEqual([
      {
        path: '',
        message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
        line: 4,
        column: 1,
      },
    ])
  })

  it('Given a key twice in YAML, When parsed, Then it is refused rather than one value silently winning', () => {
    expect(errorsOf(`${minimal}version: 2\n`, 'yaml')).toEqual([
      { path: '', message: 'Map keys must be unique', line: 11, column: 1 },
    ])
  })

  it('Given an unquoted pattern starting with *, When parsed, Then the error says to quote it', () => {
    const yaml = `${minimal}fit:
  - name: students
    points: -50
    subject: person
    attribute: title
    matches: *student*
`
    expect(errorsOf(yaml, 'yaml')).toEqual([
      {
        path: '',
        message: "'*student*' refers to no anchor; put patterns that start with * in quotes",
        line: 16,
        column: 14,
      },
    ])
  })

  it('Given broken JSON, When parsed, Then the syntax error carries its line and column', () => {
    const json = '{\n  "id": "x",\n  "version": 1,\n  name: "X"\n}'

    expect(errorsOf(json, 'json')).toEqual([
      { path: '', message: 'Expected double-quoted property name', line: 4, column: 3 },
    ])
  })

  it('Given a key twice in JSON, When parsed, Then it is refused although JSON.parse would keep the last', () => {
    const json = '{\n  "id": "x",\n  "id": "y"\n}'

    expect(errorsOf(json, 'json')).toEqual([{ path: '', message: 'Map keys must be unique', line: 3, column: 3 }])
  })

  it('Given a JSON document with an invalid field, When parsed, Then the error has the path and line as for YAML', () => {
    const json = `{
  "id": "json",
  "version": 0,
  "name": "JSON",
  "behaviour": [{ "name": "a", "points": 5, "match": { "content": "/[x" } }],
  "mql": { "threshold": 5 }
}`
    expect(errorsOf(json, 'json')).toEqual([
      { path: 'version', message: 'must be at least 1', line: 3, column: 14 },
      {
        path: 'behaviour[0].match.content',
        message: "invalid pattern: '[' is reserved (escape it as \\[, or list alternatives as separate patterns)",
        line: 5,
        column: 67,
      },
    ])
  })

  it('Given something other than an object, When validated, Then the whole document is refused', () => {
    expect(validateLeadDefinition([1, 2])).toEqual({ ok: false, errors: [{ path: '', message: 'must be an object' }] })
    expect(errorsOf('', 'yaml')).toEqual([{ path: '', message: 'must be an object' }])
  })

  it('Given no rules at all, When validated, Then the definition is refused', () => {
    const errors = errorsOf('id: x\nversion: 1\nname: X\nbehaviour: []\nmql: { threshold: 5 }\n', 'yaml')

    expect(errors).toEqual([
      { path: 'behaviour', message: 'a definition needs at least one rule', line: 4, column: 12 },
    ])
  })
})

describe('the limits of a definition', () => {
  const valid = {
    id: 'limits',
    version: 1,
    name: 'Limits',
    behaviour: [{ name: 'demo', points: 50, match: { content: '/demo*' }, halfLifeDays: 30, cap: 100 }],
    fit: [{ name: 'vp', points: -20, subject: 'person', attribute: 'seniority', equals: 'VP' }],
    mql: { threshold: 50 },
    recycle: { noFollowUpDays: 14, afterRejectionDays: 60 },
    slaHours: 24,
  }
  const withRule = (list: 'behaviour' | 'fit', changes: object) => ({ ...valid, [list]: [{ ...valid[list][0], ...changes }] })

  it('Given every number at its largest, When validated, Then the definition is accepted', () => {
    const largest = {
      ...withRule('behaviour', { points: 1_000_000, halfLifeDays: 3650, cap: 1_000_000 }),
      version: 2_147_483_647,
      mql: { threshold: 1_000_000 },
      recycle: { noFollowUpDays: 3650, afterRejectionDays: 3650 },
      slaHours: 87_600,
    }

    expect(validateLeadDefinition(largest).ok).toBe(true)
    expect(validateLeadDefinition(withRule('fit', { points: -1_000_000 })).ok).toBe(true)
  })

  it.each([
    ['version', { ...valid, version: 4_294_967_297 }, 'must be at most 2147483647'],
    ['version', { ...valid, version: 2_147_483_648 }, 'must be at most 2147483647'],
    ['slaHours', { ...valid, slaHours: 87_601 }, 'must be at most 87600 (10 years)'],
    ['recycle.noFollowUpDays', { ...valid, recycle: { noFollowUpDays: 3651 } }, 'must be at most 3650 (10 years)'],
    ['recycle.afterRejectionDays', { ...valid, recycle: { afterRejectionDays: 1e300 } }, 'must be at most 3650 (10 years)'],
    ['behaviour[0].halfLifeDays', withRule('behaviour', { halfLifeDays: 3651 }), 'must be at most 3650 (10 years)'],
    ['behaviour[0].points', withRule('behaviour', { points: 1_000_001 }), 'must be at most 1000000'],
    ['behaviour[0].cap', withRule('behaviour', { cap: 1e308 }), 'must be at most 1000000'],
    ['fit[0].points', withRule('fit', { points: -1e9 }), 'must be at least -1000000'],
    ['mql.threshold', { ...valid, mql: { threshold: 1e21 } }, 'must be at most 1000000'],
    ['mql.requireFit', { ...valid, mql: { threshold: 5, requireFit: Array(501).fill('vp') } }, 'must have at most 500 entries'],
    ['name', { ...valid, name: 'Limits\u0000' }, 'must not contain the NUL character (U+0000)'],
    ['description', { ...valid, description: 'half \ud83d' }, 'must not contain a lone UTF-16 surrogate (U+D83D, half of a character)'],
    ['fit[0].equals', withRule('fit', { equals: 'V\u0000P' }), 'must not contain the NUL character (U+0000)'],
    ['behaviour[0].match.content[1]', withRule('behaviour', { match: { content: ['/a', '/\udc00'] } }), 'invalid pattern: must not contain a lone UTF-16 surrogate (U+DC00, half of a character)'],
  ])('Given %s out of bounds, When validated, Then it alone is refused', (path, definition, message) => {
    expect(validateLeadDefinition(definition)).toEqual({ ok: false, errors: [{ path, message }] })
  })

  it('Given patterns of more than 10,000 characters in all, When validated, Then the first one past it is refused', () => {
    const pattern = (index: number) => `/${String(index).padStart(3, '0')}${'x'.repeat(246)}*` // 251 characters
    const rules = Array.from({ length: 20 }, (_, rule) => ({
      name: `rule-${rule}`,
      points: 1,
      match: { content: [0, 1].map((entry) => pattern(rule * 2 + entry)) },
    }))

    // 39 patterns are 9,789 characters, the 40th brings them to 10,040.
    expect(validateLeadDefinition({ ...valid, behaviour: rules })).toEqual({
      ok: false,
      errors: [
        {
          path: 'behaviour[19].match.content[1]',
          message: 'brings the patterns of the definition past 10000 characters in all; use fewer or shorter patterns',
        },
      ],
    })
  })

  it('Given a NUL written as a YAML escape, When parsed, Then it is refused where it is', () => {
    expect(errorsOf(minimal.replace('name: Minimal', 'name: "Mini\\0mal"'), 'yaml')).toEqual([
      { path: 'name', message: 'must not contain the NUL character (U+0000)', line: 4, column: 7 },
    ])
  })
})
