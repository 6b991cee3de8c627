#!/usr/bin/env node
// The `attribution` command runs its TypeScript sources directly through tsx: no build step between a change and a run.
import { setFlagsFromString } from 'node:v8'
import { register } from 'tsx/esm/api'

// The projector's batches are large and short-lived (tens of MB each). By default V8 lets the heap grow to several
// times what is live before it collects, so that garbage alone took about 200 MB at the embedded bench's peak; growing
// it by half at most kept the peak about 130 MB lower for 3–7% of the embedded throughput (docs/architecture.md,
// "Memory").
setFlagsFromString('--heap-growing-percent=50')
register()
await import('../src/main.ts')
