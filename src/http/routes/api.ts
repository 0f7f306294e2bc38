import type { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

/** (not built yet) */
export function apiRoutes(_app: Hono<AppEnv>) {}
