import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Every table expression the read model's SQL aliases (a table or a subquery after FROM or JOIN) takes a one-letter
 * alias, because a database may be named like any longer one: in a scope with a table alias `p`, ClickHouse resolves
 * `p.deals` against the alias first and fails, quoted or not. Database names have two characters or more
 * (`openClickHouse`, the configuration).
 */
const root = path.resolve(import.meta.dirname, '..')
const sources = [...filesUnder(path.join(root, 'src'), '.ts'), ...filesUnder(path.join(root, 'migrations'), '.sql')].filter(
  (file) => !file.endsWith('.test.ts'),
)

// `FROM db.table [FINAL] AS x`, `JOIN ${t('table')} AS x`, not ARRAY JOIN (whose aliases name columns).
const tableAlias = /(?<!ARRAY\s+)\b(?:FROM|JOIN)\s+(?:\$\{[^}]*\}|[A-Za-z_][\w.]*)(?:\s+FINAL)?\s+AS\s+([A-Za-z_]\w*)/g
// `(SELECT ...) AS x` before a clause; the parenthesis is a subquery's when what it opens starts a query.
const parenthesisAlias =
  /\)\s+AS\s+([A-Za-z_]\w*)(?=\s+(?:ON|USING|WHERE|PREWHERE|GROUP|ORDER|LIMIT|JOIN|LEFT|RIGHT|INNER|FULL|CROSS|ANY|ALL|SEMI|ANTI|FINAL|SETTINGS|ARRAY)\b)/g

describe("the read model's SQL", () => {
  it('gives every table expression a one-letter alias', () => {
    const aliases: string[] = []
    for (const file of sources) {
      const text = readFileSync(file, 'utf8')
      const where = (index: number) => `${path.relative(root, file)}:${text.slice(0, index).split('\n').length}`
      for (const match of text.matchAll(tableAlias)) aliases.push(`${match[1]} ${where(match.index)}`)
      for (const match of text.matchAll(parenthesisAlias)) {
        if (opensSubquery(text, match.index)) aliases.push(`${match[1]} ${where(match.index)}`)
      }
    }
    // The scan finds the aliases it is meant to (several dozen), so an empty list below is not a scan that broke.
    expect(aliases.length).toBeGreaterThan(40)
    expect(aliases.filter((alias) => alias.split(' ')[0]!.length > 1)).toEqual([])
  })
})

/** Whether the parenthesis closed at `close` opens a query: `(SELECT`, `(WITH` or `(${...}` of a query's text. */
function opensSubquery(text: string, close: number): boolean {
  let depth = 0
  for (let i = close; i >= 0; i--) {
    if (text[i] === ')') depth++
    else if (text[i] === '(' && --depth === 0) return /^\(\s*(SELECT|WITH|\$\{)/.test(text.slice(i, i + 40))
  }
  return false
}

function filesUnder(folder: string, extension: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .map((name) => path.join(folder, name))
}
