export { ConcurrencyError } from './eventStore.ts'
export type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from './eventStore.ts'
export { comparePositions, formatPosition, parsePosition } from './position.ts'
export { openApiKeyStore, openEventDatabase, openEventStore, openPersonVault } from './openEventStore.ts'
export type { EventDatabase, OpenEventStoreOptions } from './openEventStore.ts'
export { ApiKeyNameTaken } from './apiKeyStore.ts'
export type { ActiveApiKey, ApiKeyRecord, ApiKeyStore } from './apiKeyStore.ts'
export { parseEventStoreUrl } from './eventStoreUrl.ts'
export type { EventStoreLocation } from './eventStoreUrl.ts'
export type { ErasedReference, ErasureRecord, ErasureState, PersonVault, RevealedIdentifier } from './personVault.ts'
export { openAttributes, sealedAttributesField, sealingPseudonymsIn } from './sealedAttributes.ts'
export { revealedEvents } from './revealedEvents.ts'
