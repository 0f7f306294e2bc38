import { sql } from 'drizzle-orm'
import type { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

/** GET /health: public, for monitors; says whether the database answers and can be written. */
export function healthRoutes(app: Hono<AppEnv>) {
  app.get('/health', async (c) => {
    const { db, storage } = c.var.deps
    try {
      await db.run(sql`select 1`)
    } catch {
      return c.json({ ok: false, error: 'database unavailable' }, 503)
    }
    const state = await storage?.check()
    if (state?.full) {
      return c.json(
        {
          ok: false,
          error: 'storage_full',
          message: 'the database cannot be written: its disk is full (reads still work)',
          since: state.since?.toISOString(),
          cause: state.cause,
        },
        503,
      )
    }
    return c.json({ ok: true })
  })
}
