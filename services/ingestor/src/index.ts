export { Ingestor } from './ingestor.ts'
export type { IngestorOptions, IngestStats } from './ingestor.ts'
export { decodeBatch } from './decode.ts'
export type { DecodedBatch } from './decode.ts'
