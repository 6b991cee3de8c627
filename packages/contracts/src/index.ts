export {
  dataSchemas,
  engineEventTypes,
  envelopeSchema,
  eventTypes,
  isEngineEventType,
  producerEventSchema,
  producerEventTypes,
  touchTypes,
} from './events.ts'
export type { EngineEventType, Event, EventOf, EventType, ProducerEventType } from './events.ts'
export { validateEvent } from './validate.ts'
export type { Validation, ValidationPolicy } from './validate.ts'
export { boundErrors, formatPath, maxReportedErrors } from './fieldErrors.ts'
export type { FieldError } from './fieldErrors.ts'
export { refusalReason, refusalReasons } from './refusalReason.ts'
export type { RefusalReason } from './refusalReason.ts'
export { textProblem } from './text.ts'
export { maxUrlLength, parseTouchUrl } from './touchUrl.ts'
export { isBusinessTime, outsideBusinessTime } from './businessTime.ts'
export { attributionModelStream, channelRulesActivationStream, channelRulesStream, leadDefinitionActivationStream, leadDefinitionStream, streamIdOf } from './streams.ts'
export { toCents, fromCents, amount, currencyCode } from './money.ts'
export { defaultReportingCurrency, isCurrencyCode, minorUnitsOf } from './currencies.ts'
export { exchangeRate, maxRate, rateDecimals, rateText } from './exchangeRate.ts'
export { eventJsonSchema } from './jsonSchema.ts'
export {
  earliestTime,
  earliestTimeMs,
  latestTime,
  latestTimeMs,
  maxAmountCents,
  maxDocumentLength,
  maxEventIdLength,
  maxExactCents,
  maxFieldsPerObject,
  maxIdLength,
  maxListLength,
  maxNesting,
  maxVersion,
  openWindowEnd,
} from './bounds.ts'
export { identifierPath, identifiersOf, withPseudonyms } from './personalData.ts'
export type { IdentifierKind, PersonalIdentifier } from './personalData.ts'
