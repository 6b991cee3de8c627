export { dataSchemas, envelopeSchema, eventSchema, eventTypes, touchTypes } from './events.ts'
export type { Event, EventOf, EventType } from './events.ts'
export { validateEvent, formatPath } from './validate.ts'
export type { FieldError, Validation, ValidationPolicy } from './validate.ts'
export { streamIdOf } from './streams.ts'
export { toCents, fromCents, amount, currencyCode } from './money.ts'
export { eventJsonSchema } from './jsonSchema.ts'
export {
  earliestTime,
  earliestTimeMs,
  latestTime,
  latestTimeMs,
  maxAmountCents,
  maxEventIdLength,
  maxExactCents,
  maxIdLength,
  maxVersion,
  openWindowEnd,
} from './bounds.ts'
