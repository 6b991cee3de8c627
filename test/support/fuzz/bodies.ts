import fc from 'fast-check'
import type { Event } from '@attribution/contracts'
import { printable } from './printable.ts'

/** A request body sent byte for byte, and the statuses that refuse it whole. */
export interface RawBody {
  how: string
  headers: Record<string, string>
  payload: string | Buffer
  refusedWith: number[]
}

const json = { 'content-type': 'application/json' }

/** Byte sequences UTF-8 forbids: a stray continuation, overlong, an encoded surrogate, truncated, beyond U+10FFFF. */
const invalidUtf8 = [[0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]

/** Up to three simulated events under ids of their own (`raw-...`): stored by mistake, they would stand out. */
function events(history: readonly Event[]): fc.Arbitrary<Event[]> {
  return fc
    .tuple(fc.array(fc.nat({ max: history.length - 1 }), { minLength: 1, maxLength: 3 }), fc.nat({ max: 1_000_000 }))
    .map(([indexes, id]) => indexes.map((index, n) => ({ ...(history[index] as Event), eventId: `raw-${id}-${n}` })))
}

const raw = (how: string, payload: string | Buffer, refusedWith = [400], headers: Record<string, string> = json): RawBody =>
  printable({ how, headers, payload, refusedWith }, `${how} (${Buffer.byteLength(payload).toLocaleString('en')} bytes)`)

/** Valid events whose text carries bytes that are not UTF-8: refused, not read with replacement characters. */
const withInvalidUtf8 = (history: readonly Event[]) =>
  fc.tuple(events(history), fc.constantFrom(...invalidUtf8), fc.constantFrom('eventId', 'value', 'key')).map(([list, bytes, where]) => {
    const marker = '\u0001MARK\u0001'
    const [first, ...rest] = list as [Event, ...Event[]]
    const marked =
      where === 'eventId'
        ? { ...first, eventId: `${first.eventId}${marker}` }
        : where === 'value'
          ? { ...first, source: `source${marker}` }
          : { ...first, data: { ...first.data, [`key${marker}`]: 1 } }
    const [before, after] = JSON.stringify([marked, ...rest]).split(JSON.stringify(marker).slice(1, -1)) as [string, string]
    const payload = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)])
    return raw(`bytes ${bytes.map((byte) => byte.toString(16)).join(' ')} in the ${where} of an event`, payload)
  })

/** A JSON document cut short anywhere: never JSON. */
const truncated = (history: readonly Event[]) =>
  fc.tuple(events(history), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })).map(([list, at]) => {
    const text = JSON.stringify(list)
    const cut = Math.floor(at * text.length)
    return raw(`JSON cut after ${cut} of ${text.length} characters`, text.slice(0, cut))
  })

/** Nesting that recursive code (parsers, validators, path finders) meets with a stack overflow. */
const deeplyNested = (history: readonly Event[]) =>
  fc.tuple(events(history), fc.constantFrom(1_000, 10_000, 100_000), fc.boolean()).map(([list, depth, inAttribute]) => {
    if (!inAttribute) return raw(`arrays nested ${depth} deep`, `${'['.repeat(depth)}${']'.repeat(depth)}`)
    const [event] = list as [Event]
    const [before, after] = JSON.stringify({ ...event, data: { ...event.data, deep: 'MARK' } }).split('"MARK"') as [string, string]
    return raw(`data.deep: objects nested ${depth} deep`, `${before}${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}${after}`)
  })

/** An event with many unknown keys: refused without listing (or even visiting) every one for seconds. */
export const manyKeys = (count: number, id = 'raw-keys'): RawBody => {
  const keys = Array.from({ length: count }, (_, index) => `"k${index}":0`).join(',')
  const payload = `{"eventId":"${id}","type":"account.updated","occurredAt":"2025-01-01T00:00:00Z","data":{"accountId":"a",${keys}}}`
  return raw(`an event with ${count.toLocaleString('en')} unknown keys`, payload)
}

/** Valid events sent as something other than JSON. */
const contentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/yaml',
  'application/xml',
  'application/json; charset=utf-16',
  '',
]
const wrongContentType = (history: readonly Event[]) =>
  fc
    .tuple(events(history), fc.constantFrom(...contentTypes))
    .map(([list, type]) => {
      const text = JSON.stringify(list)
      const payload = type.includes('utf-16') ? Buffer.from(text, 'utf16le') : text
      return raw(`events as ${type || 'no content type'}`, payload, [400, 415], type === '' ? {} : { 'content-type': type })
    })

/** JSON that is no event and no array of events. */
const notEvents = fc
  .constantFrom('null', '1', '"text"', 'true', '{}', '[1,2]', '[null]', '[[]]', '{"eventId":"raw-alone"}', '', ' ')
  .map((payload) => raw(`the body ${JSON.stringify(payload)}`, payload))

/** Keys fastify's JSON parser refuses, lest they reach an object's prototype. */
const prototypeKeys = (history: readonly Event[]) =>
  fc.tuple(events(history), fc.constantFrom('__proto__', 'constructor')).map(([list, key]) => {
    const [event, ...rest] = list as [Event, ...Event[]]
    const polluting = key === '__proto__' ? '{"polluted":true}' : '{"prototype":{"polluted":true}}'
    const text = JSON.stringify([event, ...rest]).replace(/^\[\{/, `[{"${key}":${polluting},`)
    return raw(`an event with a ${key} key`, text)
  })

/** One more event than a request may hold. */
const tooManyEvents = fc.constant(raw('10,001 events', `[${Array.from({ length: 10_001 }, () => '{}').join(',')}]`, [413]))

/** The bodies that must be refused whole, without a server error, in time. */
export function refusedBody(history: readonly Event[]): fc.Arbitrary<RawBody> {
  return fc.oneof(
    withInvalidUtf8(history),
    truncated(history),
    deeplyNested(history),
    fc.constantFrom(1_000, 10_000).map((count) => manyKeys(count)),
    wrongContentType(history),
    notEvents,
    prototypeKeys(history),
    tooManyEvents,
  )
}

/** A body above the engine's 32 MiB limit, refused before it is read. */
export const overLimit = (bytes: number): RawBody =>
  raw(`${(bytes / 2 ** 20).toFixed(0)} MiB`, `[{"eventId":"raw-huge","data":{"content":"${'x'.repeat(bytes)}"}}]`, [413])
