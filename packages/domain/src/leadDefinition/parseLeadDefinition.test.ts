import { describe, expect, it } from 'vitest'
import { formatDefinitionError, type DefinitionError } from './definitionError.ts'
import { parseLeadDefinition } from './parseLeadDefinition.ts'
import { validateLeadDefinition } from './schema.ts'

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

describe('hostile documents are refused, in bounded time, never with an exception', () => {
  /** The errors of a document that must be refused, and that it was refused soon (the point is no blow-up). */
  function refusedSoon(text: string, format: 'yaml' | 'json' = 'yaml', withinMs = 5000): DefinitionError[] {
    const started = performance.now()
    const errors = errorsOf(text, format)
    expect(performance.now() - started).toBeLessThan(withinMs)
    return errors
  }

  it('Given more than 100,000 characters, When parsed, Then the length alone is refused, before any parsing', () => {
    expect(refusedSoon(`${minimal}#${'['.repeat(100_000)}`, 'yaml', 100)).toEqual([
      { path: '', message: `is ${minimal.length + 100_001} characters long; a definition may have at most 100000` },
    ])
  })

  it.each([
    ['a NUL in a comment', `${minimal}# null\u0000\n`, 'must not contain the NUL character (U+0000)', 11, 7],
    ['a lone surrogate', `${minimal}description: half \ud83d\n`, 'must not contain a lone UTF-16 surrogate (U+D83D, half of a character)', 11, 19],
  ])('Given %s, which PostgreSQL cannot store, When parsed, Then it is refused where it is', (_, text, message, line, column) => {
    expect(refusedSoon(text)).toEqual([{ path: '', message, line, column }])
    // Written as an escape in JSON, it is in the value: refused at its field.
    expect(refusedSoon(JSON.stringify({ id: text }), 'json')).toContainEqual({ path: 'id', message, line: 1, column: 7 })
  })

  it('Given a NUL written as a YAML escape, When parsed, Then it is refused where it is', () => {
    expect(errorsOf(minimal.replace('name: Minimal', 'name: "Mini\\0mal"'), 'yaml')).toEqual([
      { path: 'name', message: 'must not contain the NUL character (U+0000)', line: 4, column: 7 },
    ])
  })

  it('Given a billion laughs (nine levels of nine aliases), When parsed, Then the expansion is refused', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
    for (const level of 'bcdefghi') {
      const previous = String.fromCharCode(level.charCodeAt(0) - 1)
      levels.push(`${level}: &${level} [${Array(9).fill(`*${previous}`).join(', ')}]`)
    }
    const text = `${minimal}laughs:\n${levels.map((level) => `  ${level}\n`).join('')}description: *i\n`

    expect(refusedSoon(text)).toEqual([
      { path: '', message: 'its aliases expand to too much (anchors holding aliases, used again and again); write the values out' },
    ])
  })

  it('Given 10,000 aliases, When parsed, Then the 101st is refused where it is', () => {
    const text = `${minimal}anchor: &t page_view\ndescription: [${Array(10_000).fill('*t').join(', ')}]\n`

    expect(refusedSoon(text)).toEqual([
      { path: '', message: 'more than 100 aliases (*name); write the values out instead', line: 12, column: 415 },
    ])
  })

  it.each([
    ['yaml', '['.repeat(50_000), 1, 21],
    ['json', '{"a":'.repeat(20_000), 1, 101],
    ['yaml', Array.from({ length: 300 }, (_, depth) => `${' '.repeat(depth)}- `).join('\n'), 21, 21],
  ] as const)('Given %s nested 300 to 50,000 deep, When parsed, Then the nesting is refused where it passes 20', (format, text, line, column) => {
    expect(refusedSoon(text, format)).toEqual([
      { path: '', message: 'nests lists and maps more than 20 deep', line, column },
    ])
  })

  it('Given 11,000 keys in one map and one of them twice, When parsed, Then the repeat is found at once', () => {
    const keys = Array.from({ length: 11_000 }, (_, index) => `k${index}: 1`)
    const text = [...keys, 'k5: 2'].join('\n')

    expect(refusedSoon(text, 'yaml', 2000)).toEqual([
      { path: '', message: 'Map keys must be unique', line: 11_001, column: 1 },
    ])
  })

  it('Given 11,000 unknown fields, When parsed, Then the first 100 are listed and the rest counted', () => {
    const text = `${minimal}${Array.from({ length: 11_000 }, (_, index) => `k${index}: 1`).join('\n')}\n`
    const errors = refusedSoon(text)

    expect(errors).toHaveLength(101)
    expect(errors[0]).toEqual({ path: 'k0', message: 'is not a known field', line: 11, column: 5 })
    expect(errors[100]).toEqual({ path: '', message: 'and 10900 more problems (only the first 100 are listed)' })
  })

  it('Given a document of 100,000 characters of garbage, When parsed, Then the first 100 problems come back', () => {
    const errors = refusedSoon('[]'.repeat(50_000))

    expect(errors).toHaveLength(101)
    expect(errors.every((error) => error.line === undefined || error.line === 1)).toBe(true)
  })

  it('Given a YAML 1.1 merge of a scalar, on which the yaml library throws, When parsed, Then it is a refusal', () => {
    const text = `%YAML 1.1\n---\n${minimal}recycle: { <<: 1 }\n`

    expect(refusedSoon(text)).toEqual([{ path: '', message: 'cannot be read: Merge sources must be maps or map aliases' }])
  })

  it.each([
    ['yaml', `${minimal}__proto__: { polluted: true }\n`],
    ['json', '{"__proto__": {"polluted": true}, "id": "x"}'],
  ] as const)('Given a %s key __proto__, When parsed, Then it is an unknown field and pollutes nothing', (format, text) => {
    expect(refusedSoon(text, format)).toContainEqual(expect.objectContaining({ path: '__proto__', message: 'is not a known field' }))
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('Given an unknown key holding dots and brackets, When parsed, Then it is located at itself, not read as a path', () => {
    expect(errorsOf(`${minimal}"behaviour[0].name": x\n`, 'yaml')).toEqual([
      { path: 'behaviour[0].name', message: 'is not a known field', line: 11, column: 22 },
    ])
  })

  it.each([
    ['yaml', minimal.replace('version: 1', 'version: 4294967297'), 'version', 'must be at most 2147483647'],
    ['yaml', minimal.replace('version: 1', 'version: 1e999'), 'version', 'must be a number'],
    ['json', '{"id": "x", "version": 1e999}', 'version', 'must be a number'],
  ] as const)('Given a %s number too large to keep, When parsed, Then it is refused at its field', (format, text, path, message) => {
    expect(refusedSoon(text, format)).toContainEqual(expect.objectContaining({ path, message, line: expect.any(Number) }))
  })
})
