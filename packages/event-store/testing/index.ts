/**
 * Test support of the event store, for tests only (production code never imports it; scripts/check-imports.ts checks):
 * the contract suite every adapter runs, valid events to feed it, and the KurrentDB stand-ins the adapter's unit and
 * integration tests run against where no server can be had.
 */
export { eventStoreContract } from './eventStore.contract.ts'
export type { ContractOptions, OpenEmptyStore } from './eventStore.contract.ts'
export { dealCreated, touch, touches } from './testEvents.ts'
export { InMemoryKurrentDb, recordOf } from './kurrentdb/inMemoryKurrentDb.ts'
export type { InMemoryKurrentDbOptions } from './kurrentdb/inMemoryKurrentDb.ts'
export type { StandInSubscription, SubscriptionLog } from './kurrentdb/inMemorySubscription.ts'
export { GrpcReadServer } from './kurrentdb/grpcReadServer.ts'
export type { WireRecord, WireSubscription } from './kurrentdb/grpcReadServer.ts'
