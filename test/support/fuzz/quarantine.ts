import fc from 'fast-check'
import { hostileText, nested } from './hostile.ts'
import { printable } from './printable.ts'

/** A request to POST /v1/quarantine/retry, and whether the route must take it. */
export interface RetryRequest {
  headers: Record<string, string>
  payload: string | undefined
  valid: boolean
  how: string
}

const json = { 'content-type': 'application/json' }
/** What the route takes as an event id: the contract's, 1 to 128 characters the stores hold. */
const isEventId = (text: string) => text.length >= 1 && text.length <= 128 && text.isWellFormed() && !text.includes('\u0000')
const eventId = fc.string({ minLength: 1, maxLength: 128 }).filter(isEventId)

/** No body, `{}`, or a list of event ids (1 to 10,000 of at most 128 characters) is taken; anything else is refused. */
const taken = fc.oneof(
  fc.constant<Omit<RetryRequest, 'how'>>({ headers: {}, payload: undefined, valid: true }),
  fc.constant({ headers: json, payload: '{}', valid: true }),
  fc.array(eventId, { minLength: 1, maxLength: 20 }).map((eventIds) => ({ headers: json, payload: JSON.stringify({ eventIds }), valid: true })),
)

const refusedBodies: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>({ eventIds: [] }, { eventIds: [''] }, { eventIds: ['x'.repeat(129)] }, { eventIds: [1] }, { eventIds: 'x' }, { ids: ['x'] }, [], 'x', 5),
  fc.integer({ min: 2, max: 300 }).map((depth) => ({ eventIds: nested(depth) })),
  fc.constant({ eventIds: Array.from({ length: 10_001 }, (_, index) => `e${index}`) }),
)

const refused = fc.oneof(
  refusedBodies.map((body) => ({ headers: json, payload: JSON.stringify(body), valid: false })),
  // Hostile texts as ids: refused unless the text happens to be one an event id may be.
  hostileText.map((text) => ({ headers: json, payload: JSON.stringify({ eventIds: [text] }), valid: isEventId(text) })),
  fc.constantFrom({ headers: json, payload: '{"eventIds": [', valid: false }, { headers: { 'content-type': 'text/plain' }, payload: 'retry', valid: false }),
)

export const retryRequest: fc.Arbitrary<RetryRequest> = fc.oneof(taken, refused).map((request) => {
  const shown = request.payload === undefined ? '(no body)' : request.payload.length > 80 ? `${request.payload.slice(0, 80)}...` : request.payload
  return printable({ ...request, how: shown }, `${request.valid ? 'taken' : 'refused'}: ${shown}`)
})
