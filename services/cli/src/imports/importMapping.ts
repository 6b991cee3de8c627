import { parseDocument } from 'yaml'
import { z } from 'zod'
import { formatPath, producerEventTypes, type FieldError, type ProducerEventType } from '@attribution/contracts'
import { dateFormats } from './cellValues.ts'

/**
 * An import mapping: how each row of a CSV export becomes events. Users write one as a small YAML document (see
 * docs/imports.md); the shipped ones are in services/cli/mappings. A mapping that does not make sense is refused with
 * the path of every problem, before any row is read.
 */
export interface ImportMapping {
  name: string
  description?: string
  /** What each column read means, for the reader of the mapping (and docs/imports.md). */
  columns?: Record<string, string>
  /** Lines before the header row (report titles, date ranges). */
  skipLines: number
  delimiter: string
  /** The columns whose values identify a record: event ids are derived from them. */
  key: string[]
  dates: DateFormat
  amounts: { decimal: '.' | ','; thousands: string }
  booleans: { true: string[]; false: string[] }
  /** Rows matching every condition are skipped, not errors: totals and blank lines of a report. */
  skip?: Conditions
  events: EventSpec[]
}

export type DateFormat = (typeof dateFormats)[number]

/**
 * Whether a cell matches: one of some values (case-insensitive, trimmed), empty or not, or starting with some text.
 */
export type Matcher = string[] | { empty: boolean } | { startsWith: string }
export type Conditions = Record<string, Matcher>

export const conversions = ['text', 'amount', 'date', 'boolean', 'number', 'list'] as const
export type Conversion = (typeof conversions)[number]
type Scalar = string | number | boolean

/** A value read from a row: the first non-empty of some columns, converted, mapped, or a default. */
export interface ColumnValue {
  kind: 'column'
  columns: string[]
  as: Conversion
  map?: Record<string, Scalar>
  default?: Scalar
  separator: string
  addDays: number
  /** A column the export may leave out: absent, it reads as empty. */
  optional: boolean
  /** The latest of the values of the record's rows (dates), not the first row's: when a grouped record last changed. */
  latest: boolean
}

export type FieldSpec =
  | ColumnValue
  | { kind: 'constant'; value: Scalar }
  /** The record's identity: `<mapping>:<key values joined by |>` (a cost's costId, so a corrected one replaces it). */
  | { kind: 'key' }
  /** A list with one item per row of the record (rows sharing the key): contact roles, for example. */
  | { kind: 'each'; item: Record<string, FieldSpec> }
  | { kind: 'object'; fields: Record<string, FieldSpec> }

/**
 * Where an event's id comes from. `once`: from the record's key alone, for facts that happen once (a deal created,
 * won or lost, a touch, a cost): a later row with the same key is a duplicate, whatever it says. `latest`: from the key
 * and the event's content, for states (a deal's amount and stage, a person's attributes): a row whose content changed
 * is a new event, which replaces the earlier state in every answer (the latest by business time, then log position).
 */
export type IdentityRule = 'once' | 'latest'

export interface EventSpec {
  name: string
  type: ProducerEventType
  key?: string[]
  id: IdentityRule
  when?: Conditions
  occurredAt: FieldSpec
  data: Record<string, FieldSpec>
}

const stateTypes: readonly string[] = ['deal.updated', 'person.updated', 'account.updated', 'campaign.updated']

const columnName = z.string().min(1, 'must name a column').max(256, 'must be at most 256 characters')
const columnList = z.union([columnName, z.array(columnName).min(1, 'must name a column')], { error: 'must be a column name or a list of them' })
const text = z.string().min(1, 'must not be empty')
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: 'must be text, a number or true/false' })
const matcher = z.union(
  [
    z.string().transform((value) => [value]),
    z.array(z.string()).min(1, 'must list a value'),
    z.strictObject({ empty: z.boolean() }),
    z.strictObject({ startsWith: text }),
  ],
  { error: 'must be a value, a list of values, {empty: true|false} or {startsWith: text}' },
)
const conditions = z.record(columnName, matcher)
const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, e.g. my-crm-deals')
  .max(48, 'must be at most 48 characters')

const columnValue = z.strictObject({
  column: columnList,
  as: z.enum(conversions).default('text'),
  map: z.record(z.string(), scalar).optional(),
  default: scalar.optional(),
  separator: text.default(';'),
  addDays: z.number().int('must be a whole number').min(-366).max(366).default(0),
  optional: z.boolean().default(false),
  latest: z.boolean().default(false),
})

const eventSpec = z.strictObject({
  name: name.optional(),
  type: z.enum(producerEventTypes as [ProducerEventType, ...ProducerEventType[]], {
    error: `must be one of ${producerEventTypes.join(', ')}`,
  }),
  key: columnList.optional(),
  id: z.enum(['once', 'latest']).optional(),
  when: conditions.optional(),
  occurredAt: z.unknown().refine((value) => value !== undefined, 'is required: the column holding when it happened'),
  data: z.record(z.string(), z.unknown()),
})

const mappingSchema = z.strictObject({
  name,
  description: z.string().optional(),
  columns: z.record(columnName, z.string()).optional(),
  skipLines: z.number().int('must be a whole number').min(0).max(1000).default(0),
  delimiter: z.string().length(1, 'must be one character').default(','),
  key: columnList,
  dates: z.enum(dateFormats).default('iso'),
  amounts: z.strictObject({ decimal: z.enum(['.', ',']).default('.'), thousands: z.enum([',', '.', ' ', "'", '']).optional() }).default({ decimal: '.' }),
  booleans: z
    .strictObject({ true: z.array(z.string()).min(1), false: z.array(z.string()).min(1) })
    .default({ true: ['true', '1', 'yes', 'y'], false: ['false', '0', 'no', 'n'] }),
  skip: conditions.optional(),
  events: z.array(eventSpec).min(1, 'must list at least one event'),
})

export type MappingParse = { ok: true; mapping: ImportMapping } | { ok: false; errors: FieldError[] }

/** A mapping from its YAML text, or every problem with its path (YAML syntax errors with their line). */
export function parseImportMapping(yamlText: string): MappingParse {
  const document = parseDocument(yamlText, { prettyErrors: false })
  if (document.errors.length > 0) {
    return { ok: false, errors: document.errors.map((error) => ({ path: `line ${(error.linePos?.[0].line ?? 0)}`, message: error.message.split('\n')[0] ?? '' })) }
  }
  return checkMapping(document.toJS())
}

/** A mapping from a parsed document, or every problem with its path. */
export function checkMapping(input: unknown): MappingParse {
  const parsed = mappingSchema.safeParse(input)
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf(parsed.error.issues, []) }
  const errors: FieldError[] = []
  const raw = parsed.data
  const names = new Set<string>()
  const events = raw.events.map((event, index): EventSpec => {
    const path = ['events', index]
    const eventName = event.name ?? event.type
    if (names.has(eventName)) errors.push({ path: formatPath([...path, 'name']), message: `two events are named ${eventName}: give each a name of its own` })
    names.add(eventName)
    return {
      name: eventName,
      type: event.type,
      ...(event.key ? { key: listOf(event.key) } : {}),
      id: event.id ?? (stateTypes.includes(event.type) ? 'latest' : 'once'),
      ...(event.when ? { when: event.when } : {}),
      occurredAt: fieldSpec(event.occurredAt, [...path, 'occurredAt'], errors, false),
      data: fieldsOf(event.data, [...path, 'data'], errors, true),
    }
  })
  if (errors.length > 0) return { ok: false, errors }
  const decimal = raw.amounts.decimal
  return {
    ok: true,
    mapping: {
      name: raw.name,
      ...(raw.description ? { description: raw.description } : {}),
      ...(raw.columns ? { columns: raw.columns } : {}),
      skipLines: raw.skipLines,
      delimiter: raw.delimiter,
      key: listOf(raw.key),
      dates: raw.dates,
      amounts: { decimal, thousands: raw.amounts.thousands ?? (decimal === '.' ? ',' : '.') },
      booleans: raw.booleans,
      ...(raw.skip ? { skip: raw.skip } : {}),
      events,
    },
  }
}

/** zod's issues as paths and reasons; a field nobody knows is named by its own path, as the event contract does. */
function fieldErrorsOf(issues: z.core.$ZodIssue[], prefix: PropertyKey[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...prefix, ...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath([...prefix, ...issue.path]), message: issue.message }],
  )
}

const listOf = (columns: string | string[]): string[] => (typeof columns === 'string' ? [columns] : columns)

function fieldsOf(input: Record<string, unknown>, path: PropertyKey[], errors: FieldError[], eachAllowed: boolean): Record<string, FieldSpec> {
  return Object.fromEntries(Object.entries(input).map(([field, spec]) => [field, fieldSpec(spec, [...path, field], errors, eachAllowed)]))
}

/**
 * One field's spec: a column's name (its text), {column: ...} with a conversion, {value: ...} for a constant,
 * {key: true} for the record's identity, {each: {...}} for a list over the record's rows, or an object of fields.
 */
function fieldSpec(input: unknown, path: PropertyKey[], errors: FieldError[], eachAllowed: boolean): FieldSpec {
  const fallback: FieldSpec = { kind: 'constant', value: '' }
  if (typeof input === 'string') {
    if (input === '') errors.push({ path: formatPath(path), message: 'must name a column' })
    return { kind: 'column', columns: [input], as: 'text', separator: ';', addDays: 0, optional: false, latest: false }
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    errors.push({ path: formatPath(path), message: 'must be a column name, {column: ...}, {value: ...}, {each: {...}} or an object of fields' })
    return fallback
  }
  const report = (issues: z.core.$ZodIssue[]) => errors.push(...fieldErrorsOf(issues, path))
  if ('column' in input) {
    const parsed = columnValue.safeParse(input)
    if (!parsed.success) return report(parsed.error.issues), fallback
    const { column, map, default: byDefault, ...rest } = parsed.data
    return { kind: 'column', columns: listOf(column), ...rest, ...(map ? { map } : {}), ...(byDefault !== undefined ? { default: byDefault } : {}) }
  }
  if ('value' in input) {
    const parsed = z.strictObject({ value: scalar }).safeParse(input)
    if (!parsed.success) return report(parsed.error.issues), fallback
    return { kind: 'constant', value: parsed.data.value }
  }
  if ('key' in input) {
    const parsed = z.strictObject({ key: z.literal(true, 'must be true') }).safeParse(input)
    if (!parsed.success) return report(parsed.error.issues), fallback
    return { kind: 'key' }
  }
  if ('each' in input) {
    const parsed = z.strictObject({ each: z.record(z.string(), z.unknown()) }).safeParse(input)
    if (!parsed.success) return report(parsed.error.issues), fallback
    if (!eachAllowed) errors.push({ path: formatPath([...path, 'each']), message: 'a list over the rows of a record cannot be inside another one, nor be occurredAt' })
    return { kind: 'each', item: fieldsOf(parsed.data.each, [...path, 'each'], errors, false) }
  }
  return { kind: 'object', fields: fieldsOf(input as Record<string, unknown>, path, errors, eachAllowed) }
}

/** Every column a mapping reads, with whether the export may leave it out: checked against the header row. */
export function columnsRead(mapping: ImportMapping): Map<string, { optional: boolean }> {
  const read = new Map<string, { optional: boolean }>()
  const add = (column: string, optional: boolean) => read.set(column, { optional: (read.get(column)?.optional ?? true) && optional })
  const visit = (spec: FieldSpec): void => {
    if (spec.kind === 'column') for (const column of spec.columns) add(column, spec.optional || spec.columns.length > 1)
    else if (spec.kind === 'each') Object.values(spec.item).forEach(visit)
    else if (spec.kind === 'object') Object.values(spec.fields).forEach(visit)
  }
  for (const column of mapping.key) add(column, false)
  for (const column of Object.keys(mapping.skip ?? {})) add(column, true)
  for (const event of mapping.events) {
    for (const column of event.key ?? []) add(column, false)
    for (const column of Object.keys(event.when ?? {})) add(column, false)
    visit(event.occurredAt)
    Object.values(event.data).forEach(visit)
  }
  return read
}
