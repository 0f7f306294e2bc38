import type { Hono } from 'hono'
import { z } from 'zod'
import { stringify } from 'csv-stringify/sync'
import { renderDigest, type Digest } from '../../digest/index.ts'
import { shortlistDigest } from '../../jobs/digest.ts'
import { rebuildShortlist, shortlistOf } from '../../jobs/shortlist.ts'
import { addDays, localDay } from '../../lib/calendar-days.ts'
import { AppError } from '../../lib/errors.ts'
import { digestExtras } from '../../store/index.ts'
import { ShortlistPage } from '../../../web/views/shortlist/shortlist-page.tsx'
import type { AppEnv } from '../env.ts'
import { readForm } from '../form.ts'
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

const SHORTLIST_SIZE = 10

const ShortlistQuery = z.object({
  sector: z.string().max(100).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date')
    .optional(),
  // After "make it again": how many items are new (the page says so).
  rebuilt: z.coerce.number().int().min(0).max(1000).optional().catch(undefined),
})

const RebuildBody = z.object({ sector: z.string().max(100) })

const ExportQuery = ShortlistQuery.extend({ format: z.enum(['md', 'html', 'csv']).default('md') })

// Cells a spreadsheet would run as a formula start with one of these: they are kept as text.
const FORMULA = /^[=+\-@\t\r]/
const cell = (v: string) => (FORMULA.test(v) ? `'${v}` : v)

/** The shortlist as CSV: one row per item, with its public commentary. */
function shortlistCsv(digest: Digest): string {
  const rows = digest.items.map((i) =>
    [String(i.rank), i.title, i.url, i.source, i.author ?? '', i.commentary].map(cell),
  )
  return '\ufeff' + stringify([['rank', 'title', 'url', 'source', 'author', 'commentary'], ...rows])
}

/** The daily shortlist of a sector, one day at a time (today by default, in the sector's time zone). */
export function shortlistRoutes(app: Hono<AppEnv>) {
  app.get('/shortlist', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(ShortlistQuery, nonEmptyQuery(c))
    const { sectors, sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const { deps } = c.var
    const today = localDay(deps.clock.now(), sector.timezone)
    const day = q.date ?? today
    // A day still to come has no shortlist yet; asking the stage would save a partial one for it.
    const list =
      day > today
        ? { items: [], createdAt: '', floor: undefined }
        : await shortlistOf(deps, sector.slug, day, SHORTLIST_SIZE)
    const extras = await digestExtras(
      deps.db,
      list.items.map((i) => i.id),
    )
    return renderPage(
      c,
      ShortlistPage({
        frame: frameOf(c, sector.slug),
        sectors,
        sector: sector.slug,
        day,
        prevDay: addDays(day, -1),
        nextDay: day < today ? addDays(day, 1) : null,
        createdAt: list.items.length ? list.createdAt : null,
        floor: list.floor,
        items: list.items.map((i) => ({ ...i, commentary: extras.get(i.id)?.commentary ?? '' })),
        canReshare: canDecide(c),
        canRebuild: canDecide(c) && day === today && list.items.length > 0,
        rebuilt: day === today ? (q.rebuilt ?? null) : null,
      }),
    )
  })

  // Today's list made again with what arrived since; the curator's picks in it stay.
  app.post('/shortlist/rebuild', async (c) => {
    requireRole(c, 'curator')
    const body = parseWith(RebuildBody, await readForm(c))
    const { sector } = await resolveSector(c, body.sector)
    if (!sector) throw new AppError('sector_not_found', { slug: body.sector }, 'no sector')
    const list = await rebuildShortlist(c.var.deps, sector.slug, SHORTLIST_SIZE)
    const to = `/shortlist?sector=${encodeURIComponent(sector.slug)}&date=${list.day}&rebuilt=${list.added}`
    return c.redirect(to, 303)
  })

  // A day's shortlist to hand on: Markdown, email-ready HTML, or CSV for a spreadsheet.
  app.get('/shortlist/export', async (c) => {
    requireRole(c, 'viewer')
    const q = parseWith(ExportQuery, nonEmptyQuery(c))
    const { sector } = await resolveSector(c, q.sector)
    if (!sector) return noSectorPage(c)
    const { deps } = c.var
    const today = localDay(deps.clock.now(), sector.timezone)
    const day = q.date ?? today
    if (day > today)
      throw new AppError('bad_date', { field: 'date' }, 'that day has no shortlist yet')
    const digest = await shortlistDigest(deps, sector.slug, day)
    const name = `vigie-${sector.slug}-${day}`
    const file = (body: string, type: string, ext: string) =>
      c.body(body, 200, {
        'content-type': type,
        'content-disposition': `attachment; filename="${name}.${ext}"`,
      })
    if (q.format === 'csv') return file(shortlistCsv(digest), 'text/csv; charset=utf-8', 'csv')
    const rendered = renderDigest(digest)
    if (q.format === 'html') return file(rendered.html, 'text/html; charset=utf-8', 'html')
    return file(rendered.markdown, 'text/markdown; charset=utf-8', 'md')
  })
}
