// Piscina loads workers with plain Node: register tsx in this thread, then load the TypeScript
// handler. Loading here, before piscina marks the worker ready, keeps jsdom's seconds-long import
// out of the first task's time limit.
import { register } from 'tsx/esm/api'

register()
const handler = await import('./worker.ts')

export default handler.default
