// Worker threads start with plain Node: register tsx in this thread, then load the TypeScript
// handler (the main thread's loader flags are not passed on: they would register it twice).
import { register } from 'tsx/esm/api'

register()
await import('./scoring-worker.ts')
