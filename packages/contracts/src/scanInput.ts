import { maxFieldsPerObject, maxListLength, maxNesting } from './bounds.ts'
import { boundErrors, formatPath, maxReportedErrors, type FieldError } from './fieldErrors.ts'
import { textProblem } from './text.ts'

/** An object or list being walked: the next of its entries to look at, and the way to it from the input. */
interface Open {
  entries: Record<string, unknown> | unknown[]
  /** An object's field names; undefined for a list. */
  keys: string[] | undefined
  next: number
  parent: Open | undefined
  /** Its field name or index in its parent. */
  key: string | number | undefined
  /** Objects and lists it is inside of. */
  depth: number
}

/** What one scan found: the first problems, how many more, and the objects and lists still being walked. */
interface Scan {
  found: FieldError[]
  unlisted: number
  open: Open[]
}

/**
 * One pass over a raw input, before any schema reads it, for what no schema should have to walk: texts the stores
 * cannot hold (NUL, lone surrogates) in any value or field name, and shapes far beyond the contract's (nesting, fields
 * per object, list lengths), refused at their path without looking inside. Iterative, so no input can exhaust the
 * stack; bounded, so a huge input costs one pass and a short answer. Problems come in the order they appear.
 */
export function scanInput(input: unknown): FieldError[] {
  const scan: Scan = { found: [], unlisted: 0, open: [] }
  visit(scan, input, undefined, undefined)
  const { open } = scan
  while (open.length > 0) {
    const walking = open[open.length - 1] as Open
    const { entries, keys } = walking
    if (walking.next === (keys ?? (entries as unknown[])).length) {
      open.pop()
      continue
    }
    const index = walking.next
    walking.next += 1
    if (keys === undefined) {
      visit(scan, (entries as unknown[])[index], walking, index)
      continue
    }
    const key = keys[index] as string
    const problem = textProblem(key)
    if (problem === undefined) visit(scan, (entries as Record<string, unknown>)[key], walking, key)
    else report(scan, walking, key, `the field name ${problem}`)
  }
  return scan.found.length === 0 ? scan.found : boundErrors(scan.found, scan.unlisted)
}

/** Checks one value; an object or list within bounds is opened, to be walked next. */
function visit(scan: Scan, value: unknown, parent: Open | undefined, key: string | number | undefined): void {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    if (problem !== undefined) report(scan, parent, key, problem)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const depth = parent === undefined ? 0 : parent.depth + 1
  if (depth === maxNesting) {
    report(scan, parent, key, `is nested too deeply: an event nests at most ${maxNesting} levels of objects and lists`)
  } else if (Array.isArray(value)) {
    if (value.length > maxListLength) report(scan, parent, key, `has ${value.length} items; a list in an event holds at most ${maxListLength}`)
    else scan.open.push({ entries: value, keys: undefined, next: 0, parent, key, depth })
  } else {
    const keys = Object.keys(value)
    if (keys.length > maxFieldsPerObject) report(scan, parent, key, `has ${keys.length} fields; an object in an event has at most ${maxFieldsPerObject}`)
    else scan.open.push({ entries: value as Record<string, unknown>, keys, next: 0, parent, key, depth })
  }
}

function report(scan: Scan, parent: Open | undefined, key: string | number | undefined, message: string): void {
  if (scan.found.length < maxReportedErrors) scan.found.push({ path: pathOf(parent, key), message })
  else scan.unlisted += 1
}

function pathOf(parent: Open | undefined, key: string | number | undefined): string {
  const keys: (string | number)[] = key === undefined ? [] : [key]
  for (let step = parent; step?.key !== undefined; step = step.parent) keys.push(step.key)
  return formatPath(keys.reverse())
}
