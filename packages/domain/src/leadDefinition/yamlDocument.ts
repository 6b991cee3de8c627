import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, Parser, visit, type Document } from 'yaml'
import type { DefinitionError } from './definitionError.ts'
import { maxAliases, maxNesting } from './limits.ts'

/**
 * Reading YAML (and JSON, which is YAML too) with the yaml library, without the ways its documents can take the
 * process down: nesting deep enough to overflow its recursion, maps with enough keys to make its check for duplicate
 * keys take minutes, aliases that expand without end, and the exceptions its `toJS` throws.
 */

/** A YAML document composed from text, with what locates its nodes in the text. */
export interface ComposedYaml {
  document: Document
  lineCounter: LineCounter
  /** What keeps the text from reading as YAML. */
  syntaxErrors: DefinitionError[]
  /** Keys given twice in one map (JSON.parse would silently keep the last). */
  duplicateKeys: DefinitionError[]
}

/** The YAML document of `text`, unless it nests too deep to be composed safely. */
export function composeYaml(text: string): { ok: true; yaml: ComposedYaml } | { ok: false; errors: DefinitionError[] } {
  const tooDeep = nestingProblem(text)
  if (tooDeep !== undefined) return { ok: false, errors: [tooDeep] }
  const lineCounter = new LineCounter()
  // uniqueKeys: the library compares every key of a map with every key before it; duplicateKeys uses a set.
  const options = { lineCounter, prettyErrors: false, uniqueKeys: false }
  const document = withoutStackTraces(() => parseDocument(text, options))
  const syntaxErrors = document.errors.map((error) => located(error.message, lineCounter, error.pos[0]))
  return { ok: true, yaml: { document, lineCounter, syntaxErrors, duplicateKeys: duplicateKeys(document, lineCounter) } }
}

/** The value of a document read without syntax errors, or why it has none. */
export function valueOf(yaml: ComposedYaml): { ok: true; value: unknown } | { ok: false; errors: DefinitionError[] } {
  const aliases = aliasProblem(yaml)
  if (aliases !== undefined) return { ok: false, errors: [aliases] }
  try {
    return { ok: true, value: yaml.document.toJS({ maxAliasCount: maxAliases }) }
  } catch (error) {
    // toJS throws on a document it has read when its aliases expand to too much (the library's maxAliasCount: each
    // use of an anchor holding aliases repeats all of those, a "billion laughs"), and when a YAML 1.1 merge key
    // (`<<`) merges something other than a map.
    const message =
      error instanceof ReferenceError
        ? 'its aliases expand to too much (anchors holding aliases, used again and again); write the values out'
        : `cannot be read: ${error instanceof Error ? error.message : String(error)}`
    return { ok: false, errors: [{ path: '', message }] }
  }
}

/**
 * What gives the line and column of the node at a path (`['behaviour', 2, 'name']`), or of its nearest ancestor that
 * exists (for a missing field). The nodes are indexed by path once: finding each in turn would walk every key of
 * every map on its way, for every problem (seconds for a document of 10,000 unknown fields).
 */
export function locator(yaml: ComposedYaml): (keys: readonly PropertyKey[]) => { line?: number; column?: number } {
  const offsets = new Map<string, number>()
  const index = (node: unknown, keys: PropertyKey[]) => {
    const offset = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0]
    if (offset !== undefined) offsets.set(pathKey(keys), offset)
    if (isMap(node)) {
      // As toJS names the field of a scalar key: 1 is the field '1'.
      for (const pair of node.items) if (isScalar(pair.key)) index(pair.value, [...keys, String(pair.key.value)])
    } else if (isSeq(node)) {
      node.items.forEach((item, position) => index(item, [...keys, position]))
    }
  }
  index(yaml.document.contents, [])
  return (keys) => {
    for (let length = keys.length; length >= 0; length--) {
      const offset = offsets.get(pathKey(keys.slice(0, length)))
      if (offset !== undefined) return lineAndColumn(yaml.lineCounter, offset)
    }
    return {}
  }
}

/** A path as a map key: the field '1' of a map and the entry 1 of a list stay apart, and so do 'a.b' and a > b. */
function pathKey(keys: readonly PropertyKey[]): string {
  return JSON.stringify(keys.map((key) => (typeof key === 'number' ? key : String(key))))
}

/**
 * Where `text` nests lists and maps deeper than maxNesting, found with the library's parser of tokens, which keeps its
 * own stack instead of recursing, and stops there: parsing a deep document to its end takes time growing with the
 * square of its depth.
 */
function nestingProblem(text: string): DefinitionError | undefined {
  const lineCounter = new LineCounter()
  lineCounter.addNewLine(0)
  const parser = new Parser(lineCounter.addNewLine)
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) void token // composed later, by parseDocument
    if (parser.stack.length > maxNesting && collections(parser.stack) > maxNesting) {
      const message = `nests lists and maps more than ${maxNesting} deep`
      return located(message, lineCounter, parser.offset - lexeme.length)
    }
  }
  return undefined
}

function collections(stack: readonly { type: string }[]): number {
  return stack.filter(({ type }) => type === 'block-map' || type === 'block-seq' || type === 'flow-collection').length
}

function duplicateKeys(document: Document, lineCounter: LineCounter): DefinitionError[] {
  const errors: DefinitionError[] = []
  visit(document, {
    Map(_, map) {
      // Equal as the library compares keys: scalars with the same value.
      const keys = new Set<unknown>()
      for (const { key } of map.items) {
        if (!isScalar(key)) continue
        if (keys.has(key.value)) errors.push(located('Map keys must be unique', lineCounter, key.range?.[0] ?? 0))
        keys.add(key.value)
      }
    },
  })
  return errors
}

/**
 * An alias to no anchor before it, or more aliases than maxAliases. One pass in document order, as the library
 * resolves an alias to the last anchor of its name before it (resolving each alias on its own visits the whole
 * document again: more than five minutes for 10,000 aliases).
 */
function aliasProblem(yaml: ComposedYaml): DefinitionError | undefined {
  const anchors = new Set<string>()
  let aliases = 0
  let problem: DefinitionError | undefined
  visit(yaml.document, {
    Node(_, node) {
      if (!isAlias(node)) {
        if (node.anchor !== undefined) anchors.add(node.anchor)
        return undefined
      }
      const at = (message: string) => located(message, yaml.lineCounter, node.range?.[0] ?? 0)
      aliases++
      if (!anchors.has(node.source)) {
        // Most often an unquoted pattern: YAML reads `*student*` as a reference to an anchor named `student*`.
        problem = at(`'*${node.source}' refers to no anchor; put patterns that start with * in quotes`)
      } else if (aliases > maxAliases) {
        problem = at(`more than ${maxAliases} aliases (*name); write the values out instead`)
      }
      return problem === undefined ? undefined : visit.BREAK
    },
  })
  return problem
}

/**
 * The library makes an Error of every problem it finds; capturing the stack of each is four fifths of the time it
 * takes to read a document full of them. Nothing runs in between, so no other code sees the setting.
 */
function withoutStackTraces<T>(read: () => T): T {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return read()
  } finally {
    Error.stackTraceLimit = limit
  }
}

function located(message: string, lineCounter: LineCounter, offset: number): DefinitionError {
  return { path: '', message, ...lineAndColumn(lineCounter, offset) }
}

function lineAndColumn(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset)
  return { line, column: col }
}
