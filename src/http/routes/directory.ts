import type { Hono } from 'hono'
import { z } from 'zod'
import { readDirectory } from '../../store/index.ts'
import { DirectoryPage } from '../../../web/views/directory/directory-page.tsx'
import { figuresJson } from '../api/directory.ts'
import type { AppEnv } from '../env.ts'
import { suggestionsSection } from './suggestions.ts'
import { requireRole } from '../middleware/session.ts'
import {
  frameOf,
  noSectorPage,
  nonEmptyQuery,
  parseWith,
  renderPage,
  resolveSector,
} from './queue.ts'

const DirectoryQuery = z.object({ sector: z.string().max(100).optional() })

/** The sector's directory page: sources and people ranked by influence. */
export function directoryRoutes(app: Hono<AppEnv>) {
  app.get('/directory', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(DirectoryQuery, nonEmptyQuery(c))
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const dir = await readDirectory(c.var.deps.db, sector.slug)
    const suggestions = await suggestionsSection(c, sector.slug, sectors)
    return renderPage(
      c,
      DirectoryPage({
        frame: frameOf(c, sector.slug),
        sectors,
        sector: sector.slug,
        sectorName: sector.name,
        computedAt: dir.computedAt?.toISOString() ?? null,
        suggestions,
        sources: dir.sources.map((s) => ({
          id: s.id,
          name: s.name,
          detail: s.siteUrl,
          handles: s.handles,
          ...figuresJson(s.figures),
        })),
        people: dir.people.map((p) => ({
          id: p.id,
          name: p.name,
          detail: p.sources.join(', ') || null,
          href: `/directory/people/${p.id}`,
          handles: p.handles,
          ...figuresJson(p.figures),
        })),
      }),
    )
  })
}
