import { createHash } from 'node:crypto'
import { maxEventIdLength } from '@attribution/contracts'
import { readAmount, readBoolean, readDate, readList, readNumber } from './cellValues.ts'
import type { ColumnValue, Conditions, EventSpec, FieldSpec, ImportMapping, Matcher } from './importMapping.ts'

/** One row of the export: its line in the file (of its first line, when a quoted cell spans several) and its cells. */
export interface SourceRow {
  line: number
  cells: Record<string, string>
}

/** The rows sharing a key: one row, or a deal's contact roles, one row each. */
export interface ImportRecord {
  rows: SourceRow[]
}

/** An event made from a record, with the line it came from and the column each of its data fields was read from. */
export interface MappedEvent {
  line: number
  event: { eventId: string; type: string; occurredAt: string; source: string; data: Record<string, unknown> }
  /** data paths (data.amount, data.contactRoles[0].role) to the column they were read from, for refusals. */
  columns: Map<string, string>
}

export interface RowError {
  line: number
  path: string
  message: string
}

export type RecordOutcome = { events: MappedEvent[]; errors: RowError[] }

type Value = string | number | boolean | string[] | Value[] | { [field: string]: Value }

/** Whether the rows of a record are gathered by key: a mapping listing something over them ({each: ...}) needs it. */
export function groupsRows(mapping: ImportMapping): boolean {
  const hasEach = (spec: FieldSpec): boolean =>
    spec.kind === 'each' || (spec.kind === 'object' && Object.values(spec.fields).some(hasEach))
  return mapping.events.some((event) => Object.values(event.data).some(hasEach))
}

/** Whether a row is one the mapping skips (a report's totals). */
export function skipsRow(mapping: ImportMapping, row: SourceRow): boolean {
  return mapping.skip !== undefined && matchesAll(mapping.skip, row)
}

/**
 * The events of one record under a mapping, or the reasons it cannot give them. A record with any cell that cannot be
 * read gives no event: half a deal is worse than none, and the row is named so it can be fixed and imported again.
 */
export function eventsOfRecord(mapping: ImportMapping, record: ImportRecord): RecordOutcome {
  const [first] = record.rows
  if (!first) return { events: [], errors: [] }
  const errors: RowError[] = []
  const events: MappedEvent[] = []
  for (const spec of mapping.events) {
    if (spec.when && !matchesAll(spec.when, first)) continue
    const key = (spec.key ?? mapping.key).map((column) => first.cells[column]?.trim() ?? '')
    const missing = (spec.key ?? mapping.key).filter((_, index) => key[index] === '')
    if (missing.length > 0) {
      errors.push({ line: first.line, path: missing.join(', '), message: `the key column${missing.length > 1 ? 's are' : ' is'} empty` })
      continue
    }
    const columns = new Map<string, string>()
    const reader = new FieldReader(mapping, record, errors, columns, `${mapping.name}:${key.join('|')}`)
    const unreadable = errors.length
    const occurredAt = reader.read(spec.occurredAt, first, 'occurredAt')
    const data = reader.fields(spec.data, first, 'data')
    if (errors.length > unreadable) continue
    if (typeof occurredAt !== 'string' || occurredAt === '') {
      errors.push({ line: first.line, path: columnOf(spec.occurredAt), message: 'is empty: the event needs the time it happened' })
      continue
    }
    const content = { type: spec.type, data }
    const personal = (spec.key ?? mapping.key).some((column) => personColumns(spec).includes(column))
    events.push({
      line: first.line,
      event: { eventId: eventIdOf(mapping, spec, key, content, personal), type: spec.type, occurredAt, source: `import:${mapping.name}`, data: data ?? {} },
      columns,
    })
  }
  return errors.length > 0 ? { events: [], errors } : { events, errors }
}

/**
 * The columns an event may read whom it names from (personId, anonymousId, contactIds, contactRoles' personId: the
 * fields the person vault pseudonymises, personalData.ts), whichever of them a row fills.
 */
function personColumns(spec: EventSpec): string[] {
  const columnsOf = (field: FieldSpec | undefined): string[] => (field?.kind === 'column' ? field.columns : [])
  const roles = spec.data.contactRoles
  return [
    ...columnsOf(spec.data.personId),
    ...columnsOf(spec.data.anonymousId),
    ...columnsOf(spec.data.contactIds),
    ...(roles?.kind === 'each' ? columnsOf(roles.item.personId) : []),
  ]
}

/**
 * `<mapping>:<event>:<key>` for facts that happen once, with `:<content hash>` for states (IdentityRule): importing a
 * file again gives the same ids, which the event store counts as duplicates; a corrected state gives a new one.
 * Event ids are stored as sent, so a key that is also the person the event names (a contacts export keyed by contact
 * id) goes into the id as its SHA-256: otherwise erasing the person would leave their id in the log.
 */
export function eventIdOf(mapping: ImportMapping, spec: EventSpec, key: string[], content: unknown, personal = false): string {
  const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length)
  const suffix = spec.id === 'latest' ? `:${hash(JSON.stringify(content), 16)}` : ''
  const prefix = `${mapping.name}:${spec.name}:`
  const keyText = key.join('|')
  const id = `${prefix}${keyText}${suffix}`
  // A key too long for an event id is named by its hash instead: still one id per key.
  return id.length <= maxEventIdLength && !personal ? id : `${prefix}#${hash(keyText, 32)}${suffix}`
}

const columnOf = (spec: FieldSpec): string => (spec.kind === 'column' ? spec.columns.join(' or ') : '')

/** Reads a record's fields, noting which column each came from and every cell it could not read. */
class FieldReader {
  constructor(
    private readonly mapping: ImportMapping,
    private readonly record: ImportRecord,
    private readonly errors: RowError[],
    private readonly columns: Map<string, string>,
    private readonly identity: string,
  ) {}

  fields(specs: Record<string, FieldSpec>, row: SourceRow, path: string): { [field: string]: Value } | undefined {
    const entries = Object.entries(specs).flatMap(([field, spec]) => {
      const value = this.read(spec, row, `${path}.${field}`)
      return value === undefined ? [] : [[field, value] as const]
    })
    return entries.length > 0 ? Object.fromEntries(entries) : undefined
  }

  /** A field's value, or undefined when its cells are empty (the field is then left out of the event). */
  read(spec: FieldSpec, row: SourceRow, path: string): Value | undefined {
    switch (spec.kind) {
      case 'constant':
        return spec.value
      case 'key':
        return this.identity
      case 'object':
        return this.fields(spec.fields, row, path)
      case 'each': {
        const items = this.record.rows.flatMap((itemRow) => {
          const item = this.fields(spec.item, itemRow, `${path}[${'#'}]`)
          return item === undefined ? [] : [item]
        })
        // Paths of items are known only now that the empty rows are left out.
        for (const [itemPath, column] of [...this.columns]) {
          if (!itemPath.startsWith(`${path}[#]`)) continue
          this.columns.delete(itemPath)
          items.forEach((_, index) => this.columns.set(itemPath.replace(`${path}[#]`, `${path}[${index}]`), column))
        }
        return items.length > 0 ? items : undefined
      }
      case 'column': {
        if (!spec.latest) return this.cell(spec, row, path)
        const values = this.record.rows.map((eachRow) => this.cell(spec, eachRow, path)).filter((value) => value !== undefined)
        // ISO instants (dates as read) order as text.
        return values.reduce<Value | undefined>((latest, value) => (latest === undefined || String(value) > String(latest) ? value : latest), undefined)
      }
    }
  }

  private cell(spec: ColumnValue, row: SourceRow, path: string): Value | undefined {
    const column = spec.columns.find((name) => (row.cells[name] ?? '').trim() !== '')
    const cell = column === undefined ? '' : (row.cells[column] ?? '').trim()
    this.columns.set(path, column ?? spec.columns[0] ?? '')
    if (cell === '') return spec.default
    if (spec.map) {
      const mapped = Object.entries(spec.map).find(([from]) => from.toLowerCase() === cell.toLowerCase())
      if (mapped) return mapped[1]
      if (spec.default !== undefined) return spec.default
    }
    const read = this.convert(spec, cell)
    if (read.ok) return read.value
    this.errors.push({ line: row.line, path: column ?? '', message: read.message })
    return undefined
  }

  private convert(spec: ColumnValue, cell: string) {
    const { mapping } = this
    switch (spec.as) {
      case 'amount':
        return readAmount(cell, mapping.amounts.decimal, mapping.amounts.thousands)
      case 'date':
        return readDate(cell, mapping.dates, spec.addDays)
      case 'boolean':
        return readBoolean(cell, mapping.booleans)
      case 'number':
        return readNumber(cell)
      case 'list':
        return readList(cell, spec.separator)
      case 'text':
        return { ok: true as const, value: cell }
    }
  }
}

function matchesAll(conditions: Conditions, row: SourceRow): boolean {
  return Object.entries(conditions).every(([column, matcher]) => matches(matcher, (row.cells[column] ?? '').trim()))
}

function matches(matcher: Matcher, cell: string): boolean {
  if (Array.isArray(matcher)) return matcher.some((value) => value.toLowerCase() === cell.toLowerCase())
  if ('empty' in matcher) return (cell === '') === matcher.empty
  return cell.toLowerCase().startsWith(matcher.startsWith.toLowerCase())
}
