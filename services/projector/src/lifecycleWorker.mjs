// Worker threads do not inherit the TypeScript loader the process was started with: register it, then load the worker.
import { register } from 'tsx/esm/api'

register()
await import('./lifecycleWorker.ts')
