/**
 * The read model's entry for a lifecycle worker thread (`@attribution/read-model/lifecycle-derivation`): decoding a
 * bucket of histories and deriving its lifecycle rows, the pure half of a replay. A worker is an isolate of its own
 * that loads everything it imports again; through the package's index it would load the whole read model and cost
 * about 116 MB instead of about 58 (docs/architecture.md, "Memory").
 */
export { historiesOf } from '../facts/personFacts.ts'
export { lifecycleBatch } from './leadLifecycles.ts'
