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
export { openEventStore } from './openEventStore.ts'
export type { OpenEventStoreOptions } from './openEventStore.ts'
export { parseEventStoreUrl } from './eventStoreUrl.ts'
export type { EventStoreLocation } from './eventStoreUrl.ts'
