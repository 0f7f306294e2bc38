import type { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

/** (not built yet) */
export function searchRoutes(_app: Hono<AppEnv>) {}
