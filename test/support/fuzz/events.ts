import fc from 'fast-check'
import { maxFieldsPerObject, type Event } from '@attribution/contracts'
import { printable } from './printable.ts'
import { acceptedAmount, acceptedInstant, hostileText, loneSurrogates, nested, refusedAmount, refusedInstant } from './hostile.ts'

/** What the contract must do with a fuzzed event: take it, refuse it, or either (a random change may still be valid). */
export type Verdict = 'valid' | 'refused' | 'either'

export interface FuzzedEvent {
  value: unknown
  verdict: Verdict
  /** The change made to a simulated event, for failure messages. */
  how: string
}

/** One request to POST /v1/events: its events, sent as an array, or as a lone object when `asObject`. */
export interface IngestRequest {
  events: FuzzedEvent[]
  asObject: boolean
}

type Path = (string | number)[]

/** A text field of an event with the bounds the contract puts on it. */
interface TextField {
  path: Path
  min: number
  max: number
  /** Identifiers also refuse surrounding whitespace. */
  isId: boolean
}

const idKeys = new Set(['touchpointId', 'personId', 'anonymousId', 'accountId', 'campaignId', 'dealId', 'ownerId'])
/** Enumerations and instants, fuzzed apart. */
const notText = new Set(['currency', 'touchType', 'periodStart', 'periodEnd'])

function textFields(event: Event): TextField[] {
  const fields: TextField[] = [{ path: ['eventId'], min: 1, max: 128, isId: false }]
  if (event.source !== undefined) fields.push({ path: ['source'], min: 1, max: 256, isId: false })
  for (const [key, value] of Object.entries(event.data)) {
    if (typeof value === 'string' && !notText.has(key)) {
      fields.push({ path: ['data', key], min: 1, max: key === 'content' ? 2048 : 256, isId: idKeys.has(key) })
    }
    if (key === 'contactIds') (value as string[]).forEach((_, index) => fields.push({ path: ['data', key, index], min: 1, max: 256, isId: true }))
    if (key === 'attributes') {
      for (const [name, attribute] of Object.entries(value as Record<string, unknown>)) {
        if (typeof attribute === 'string') fields.push({ path: ['data', key, name], min: 0, max: 1024, isId: false })
      }
    }
  }
  return fields
}

const get = (value: unknown, path: Path): unknown => path.reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], value)

/** A copy of the event with the value at `path` replaced (or removed, given `undefined`). */
function changed(event: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(event) as Record<string | number, unknown>
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, unknown>
  const key = path.at(-1) ?? ''
  if (value === undefined) delete parent[key]
  else parent[key] = value
  return copy
}

const named = (path: Path) => path.join('.')
/** A value as failure messages show it: JSON, cut short. */
const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 60)}... (${text.length.toLocaleString('en')} characters)` : text
}
const fuzzed = (value: unknown, verdict: Verdict, how: string): FuzzedEvent => {
  const { type, eventId } = (value ?? {}) as { type?: unknown; eventId?: unknown }
  return printable({ value, verdict, how }, `${verdict}: ${how} <- ${shown(type)} ${shown(eventId)}`)
}
/** The event with the value at `path` set, and what the contract must do with it. */
const withField = (event: unknown, path: Path, value: unknown, verdict: Verdict) =>
  fuzzed(changed(event, path, value), verdict, `${named(path)} = ${shown(value)}`)
const insert = (text: string, inserted: string, at: number) => text.slice(0, at % (text.length + 1)) + inserted + text.slice(at % (text.length + 1))

/** Producers may not write what only the API writes: lead definitions and saved models. */
const internalEvents = [
  { type: 'lead_definition.activated', data: { definitionId: 'activity-based', version: 1 } },
  { type: 'attribution_model.saved', data: { name: 'fz-producer', weights: { FT: 100 } } },
  { type: 'lead_definition.published', data: { definitionId: 'fz-producer', version: 1, name: 'From a producer', format: 'yaml', document: 'id: fz-producer' } },
]

/** Text the contract takes in a field: any Unicode without NUL, trimmed, up to the longest the field holds. */
const validText = (field: TextField) =>
  fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).filter((text) => text === text.trim() && text.trim() !== '' && !text.includes('\u0000')),
    fc.constantFrom('x'.repeat(field.max), '\u{1d518}'.repeat(field.max / 2), 'Café ☕ مرحبا'),
  )

/** Text it refuses there: lone surrogates, NUL, one character too many (or many more), empty, padded identifiers. */
const refusedText = (field: TextField, original: string) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...loneSurrogates), fc.nat()).map(([surrogate, at]) => insert(original, surrogate, at)),
    fc.nat().map((at) => insert(original, '\u0000', at)),
    fc.constantFrom(field.max + 1, 100_000).map((length) => 'x'.repeat(length)),
    ...(field.min > 0 ? [fc.constant('')] : []),
    ...(field.isId ? [fc.constantFrom(` ${original}`, `${original} `, `${original}\n`)] : []),
  )

const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}))
/** A JSON value nothing about fastify refuses before the contract sees it (its parser refuses __proto__ and constructor keys). */
const anyJson = fc.jsonValue({ maxDepth: 2 }).filter((value) => !/"(__proto__|constructor)"/.test(JSON.stringify(value)))
const unknownKey = fc.oneof(
  fc.constantFrom('colour', 'Amount', 'eventid', 'data ', ''),
  hostileText.map((text) => `x-${text}`),
)

/** What an event holds that the changes below work on. */
function partsOf(event: Event) {
  const data = event.data as Record<string, unknown>
  return {
    data,
    texts: textFields(event),
    amounts: ['amount', 'cost'].filter((key) => typeof data[key] === 'number').map((key) => ['data', key]),
    instants: [['occurredAt'], ...['periodStart', 'periodEnd'].filter((key) => key in data).map((key) => ['data', key])],
    attributes: data.attributes as Record<string, unknown> | undefined,
  }
}

/** The event at another instant the contract takes. */
const moved = (event: Event) => acceptedInstant.map((instant) => withField(event, ['occurredAt'], instant, 'valid'))

const renamedAttribute = (event: Event, attributes: Record<string, unknown>, from: string, to: string) =>
  changed(changed(event, ['data', 'attributes', from], undefined), ['data', 'attributes', to], attributes[from])

/** Changes to a simulated event the contract takes: any Unicode text within bounds, the first and last instants, any amount up to the largest. */
function validChanges(event: Event): fc.Arbitrary<FuzzedEvent>[] {
  const { texts, amounts, attributes } = partsOf(event)
  const text = fc.constantFrom(...texts)
  return [
    fc.constant(fuzzed(event, 'valid', 'as simulated')),
    fc.constant(fuzzed(changed(event, ['source'], undefined), 'valid', 'no source')),
    text.chain((field) => validText(field).map((value) => withField(event, field.path, value, 'valid'))),
    moved(event),
    ...(amounts.length === 0
      ? []
      : [fc.tuple(fc.constantFrom(...amounts), acceptedAmount).map(([path, value]) => withField(event, path, value, 'valid'))]),
    ...(attributes === undefined
      ? []
      : [
          fc
            .tuple(fc.constantFrom(...Object.keys(attributes)), fc.constantFrom('x'.repeat(128), 'Größe', 'ключ'))
            .map(([from, to]) => fuzzed(renamedAttribute(event, attributes, from, to), 'valid', `attribute key ${shown(to)}`)),
        ]),
  ]
}

/** Changes it refuses: fields missing, of the wrong type, unknown or many, text, instants and amounts out of bounds, internal types. */
function refusedChanges(event: Event): fc.Arbitrary<FuzzedEvent>[] {
  const { data, texts, amounts, instants, attributes } = partsOf(event)
  const text = fc.constantFrom(...texts)
  const changes: fc.Arbitrary<FuzzedEvent>[] = [
    fc.constantFrom('eventId', 'type', 'occurredAt', 'data').map((key) => fuzzed(changed(event, [key], undefined), 'refused', `no ${key}`)),
    fc
      .tuple(fc.constantFrom<Path>(...texts.map((field) => field.path), ['type'], ['occurredAt']), wrongType)
      .filter(([path, value]) => !(path[1] === 'attributes' && typeof value !== 'object'))
      .map(([path, value]) => withField(event, path, value, 'refused')),
    fc.oneof(fc.integer(), fc.constant(null), fc.constant([event.data]), fc.constant('data')).map((value) => withField(event, ['data'], value, 'refused')),
    fc
      .tuple(fc.constantFrom<Path>([], ['data']), unknownKey, anyJson)
      .map(([at, key, value]) => fuzzed(changed(event, [...at, key], value), 'refused', `unknown key ${named([...at, shown(key)])}`)),
    fc.integer({ min: 2, max: 5_000 }).map((count) => {
      const extra = Object.fromEntries(Array.from({ length: count }, (_, index) => [`unknown${index}`, index]))
      return fuzzed(changed(event, ['data'], { ...data, ...extra }), 'refused', `${count} unknown keys in data`)
    }),
    fc.constantFrom(...internalEvents).map((internal) => fuzzed({ ...event, ...internal }, 'refused', `a producer writing ${internal.type}`)),
    text.chain((field) => refusedText(field, String(get(event, field.path))).map((value) => withField(event, field.path, value, 'refused'))),
    fc.tuple(fc.constantFrom(...instants), refusedInstant).map(([path, instant]) => withField(event, path, instant, 'refused')),
    fc
      .tuple(text, fc.integer({ min: 2, max: 500 }))
      .map(([field, depth]) => fuzzed(changed(event, field.path, nested(depth)), 'refused', `${named(field.path)} nested ${depth} deep`)),
    fc.constant(fuzzed(null, 'refused', 'null')),
    fc.constant(fuzzed([event], 'refused', 'an array in the array')),
  ]
  if (amounts.length > 0) {
    changes.push(fc.tuple(fc.constantFrom(...amounts), refusedAmount).map(([path, value]) => withField(event, path, value, 'refused')))
  }
  if (typeof data.currency === 'string') {
    changes.push(fc.constantFrom('EUX', 'XAU', 'usd', 'US', 'USDD', '', ' USD').map((currency) => withField(event, ['data', 'currency'], currency, 'refused')))
  }
  if (typeof data.periodStart === 'string') {
    changes.push(fc.constant(fuzzed(changed(event, ['data', 'periodEnd'], data.periodStart), 'refused', 'data.periodEnd = data.periodStart')))
  }
  if (event.type === 'touchpoint.recorded') {
    const personless = changed(changed(event, ['data', 'personId'], undefined), ['data', 'anonymousId'], undefined)
    changes.push(fc.constant(fuzzed(personless, 'refused', 'a touch of nobody: no personId, no anonymousId')))
  }
  if (event.type === 'deal.created' || event.type === 'deal.updated') {
    const contacts = Array.from({ length: 1001 }, (_, index) => `person-${index}`)
    changes.push(fc.constant(fuzzed(changed(event, ['data', 'contactIds'], contacts), 'refused', '1,001 contactIds')))
  }
  if (attributes !== undefined) {
    changes.push(
      fc
        .tuple(fc.constantFrom(...Object.keys(attributes)), fc.constantFrom('x'.repeat(129), 'key\u0000', 'key\ud800', ''))
        .map(([from, to]) => fuzzed(renamedAttribute(event, attributes, from, to), 'refused', `attribute key ${shown(to)}`)),
    )
  }
  return changes
}

/** Changes that may go either way: a field left out may be optional, a random value may happen to fit. */
function eitherChanges(event: Event): fc.Arbitrary<FuzzedEvent>[] {
  const keys = Object.keys(event.data)
  return [
    fc.constantFrom(...keys).map((key) => fuzzed(changed(event, ['data', key], undefined), 'either', `no data.${key}`)),
    fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => withField(event, ['data', key], value, 'either')),
  ]
}

/**
 * A simulated event, changed by `changes`, under its own id or a fresh one: a fresh id makes a change a new event,
 * the same id a second version of one already stored (a duplicate, whatever its body).
 */
function simulatedEvent(history: readonly Event[], changes: (event: Event) => fc.Arbitrary<FuzzedEvent>[]): fc.Arbitrary<FuzzedEvent> {
  return fc
    .tuple(fc.nat({ max: history.length - 1 }), fc.option(fc.nat({ max: 1_000_000 }), { nil: undefined }))
    .chain(([index, fresh]) => {
      const simulated = history[index] as Event
      return fc.oneof(...changes(fresh === undefined ? simulated : { ...simulated, eventId: `fz-${fresh}` }))
    })
}

/** An event the contract takes, refuses, or may do either with. */
export const fuzzedEvent = (history: readonly Event[]) =>
  simulatedEvent(history, (event) => [...validChanges(event), ...refusedChanges(event), ...eitherChanges(event)])

/** An event the contract takes, at the edges of what it takes; half of them moved to an edge instant. */
export const validEvent = (history: readonly Event[]) =>
  fc.oneof(
    simulatedEvent(history, validChanges),
    simulatedEvent(history, (event) => [moved(event)]),
  )

/** A request of up to a dozen fuzzed events, some of them sent twice in it; a lone event object is sometimes sent as it is. */
export function ingestRequest(history: readonly Event[]): fc.Arbitrary<IngestRequest> {
  return fc
    .record({ events: fc.array(fuzzedEvent(history), { maxLength: 12 }), repeats: fc.array(fc.nat(), { maxLength: 3 }), asObject: fc.boolean() })
    .map(({ events, repeats, asObject }) => {
      const repeated = events.length === 0 ? [] : repeats.map((index) => events[index % events.length] as FuzzedEvent)
      const all = [...events, ...repeated]
      const alone = all.length === 1 && typeof all[0]?.value === 'object' && all[0]?.value !== null && !Array.isArray(all[0]?.value)
      return printable({ events: all, asObject: asObject && alone }, `[${all.map((event) => `\n  ${fc.stringify(event)}`).join('')}\n]`)
    })
}

/** Whether a value holds an object with more fields than any object of the contract (maxFieldsPerObject). */
export function hasCrowdedObject(value: unknown): boolean {
  const pending = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (next === null || typeof next !== 'object') continue
    if (!Array.isArray(next) && Object.keys(next).length > maxFieldsPerObject) return true
    pending.push(...Object.values(next))
  }
  return false
}
