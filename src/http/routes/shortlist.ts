import type { Hono } from 'hono'
import { z } from 'zod'
import { shortlistOf } from '../../jobs/queue.ts'
import { isoDay } from '../../../web/views/components/format.tsx'
import { ShortlistPage } from '../../../web/views/shortlist/shortlist-page.tsx'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'
import {
  frameOf,
  noSectorPage,
  nonEmptyQuery,
  parseWith,
  renderPage,
  resolveSector,
  canDecide,
} from './queue.ts'

const DAY = 86_400_000
const SHORTLIST_SIZE = 10

const ShortlistQuery = z.object({
  sector: z.string().max(100).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
    .optional(),
})

const shiftDay = (day: string, days: number) =>
  isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY))

/** The daily shortlist of a sector, one day at a time (today by default, UTC). */
export function shortlistRoutes(app: Hono<AppEnv>) {
  app.get('/shortlist', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(ShortlistQuery, nonEmptyQuery(c))
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const { deps } = c.var
    const today = isoDay(deps.clock.now())
    const day = q.date ?? today
    // A day still to come has no shortlist yet; asking the stage would save a partial one for it.
    const list =
      day > today
        ? { items: [], createdAt: '' }
        : await shortlistOf(deps, sector.slug, day, SHORTLIST_SIZE)
    return renderPage(
      c,
      ShortlistPage({
        frame: frameOf(c, sector.slug),
        sectors,
        sector: sector.slug,
        day,
        prevDay: shiftDay(day, -1),
        nextDay: day < today ? shiftDay(day, 1) : null,
        createdAt: list.items.length ? list.createdAt : null,
        items: list.items,
        canReshare: canDecide(c),
      }),
    )
  })
}
