import { sql } from 'drizzle-orm'
import type { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

/** GET /health: public, for monitors; says whether the database answers. */
export function healthRoutes(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    try {
      await c.var.deps.db.run(sql`select 1`)
      return c.json({ ok: true })
    } catch {
      return c.json({ ok: false, error: 'database unavailable' }, 503)
    }
  })
}
