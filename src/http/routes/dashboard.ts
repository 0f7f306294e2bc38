import type { Hono } from 'hono'
import { z } from 'zod'
import { sectorDashboard } from '../../store/index.ts'
import { DashboardPage } from '../../../web/views/dashboard/dashboard-page.tsx'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'
import { frameOf, noSectorPage, parseWith, renderPage, resolveSector } from './queue.ts'

const Query = z.object({ sector: z.string().max(100).optional() })

/** GET /dashboard?sector=: a sector's figures and charts, drawn on the server. */
export function dashboardRoutes(app: Hono<AppEnv>) {
  app.get('/dashboard', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(Query, c.req.query())
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const data = await sectorDashboard(c.var.deps.db, sector, c.var.deps.clock.now())
    return renderPage(
      c,
      DashboardPage({ frame: frameOf(c, sector.slug), sectors, sector: sector.slug, data }),
    )
  })
}
