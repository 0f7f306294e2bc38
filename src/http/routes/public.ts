import { createHash } from 'node:crypto'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { AppError } from '../../lib/errors.ts'
import { renderPublicFeed, type PublicFeedFormat } from '../../reshare/public-feeds.ts'
import { getPublicSector, listPublicPicks } from '../../store/index.ts'
import { PublicPage } from '../../../web/views/public/public-page.tsx'
import type { AppEnv } from '../env.ts'
import { isHttps, requestHost } from '../forwarded.ts'
import { parseWith } from './queue.ts'

const PAGE_SIZE = 20
const FEED_SIZE = 50
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) })

const TYPES: Record<PublicFeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

// A private sector and an unknown one answer the same 404: nothing tells whether it exists.
async function publicSector(c: Context<AppEnv>) {
  const slug = Slug.safeParse(c.req.param('slug'))
  const sector = slug.success ? await getPublicSector(c.var.deps.db, slug.data) : null
  if (!sector) throw new AppError('not_found', {}, 'no such public page')
  return sector
}

/** The absolute URL of the public page, for feeds: the configured one, else the request's own. */
function pageUrl(c: Context<AppEnv>, slug: string): string {
  const configured = c.var.deps.config.publicUrl
  const origin = configured || `${isHttps(c) ? 'https' : 'http'}://${requestHost(c)}`
  return `${origin.replace(/\/+$/, '')}/p/${slug}`
}

/** Sends `body` with a strong ETag, or 304 when the client already has it. */
function withEtag(c: Context<AppEnv>, body: string, type: string) {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  c.header('ETag', etag)
  c.header('Cache-Control', 'public, max-age=300')
  c.header('Vary', 'Accept-Language')
  const asked = c.req.header('if-none-match')
  if (asked && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
    return c.body(null, 304)
  return c.body(body, 200, { 'content-type': type })
}

/** /p/<slug> and its Atom, RSS and JSON feeds: a public sector's picks, for anyone. */
export function publicRoutes(app: Hono<AppEnv>) {
  app.get('/p/:slug', async (c) => {
    const sector = await publicSector(c)
    const { page } = parseWith(PageQuery, c.req.query())
    const { picks, more } = await listPublicPicks(c.var.deps.db, sector.slug, {
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    })
    const html = PublicPage({ t: c.var.t, locale: c.var.locale, sector, picks, page, more })
    return withEtag(c, `<!doctype html>${await html.toString()}`, 'text/html; charset=utf-8')
  })

  for (const format of ['atom', 'rss', 'json'] as const)
    app.get(`/p/:slug/feed.${format}`, async (c) => {
      const sector = await publicSector(c)
      const { picks } = await listPublicPicks(c.var.deps.db, sector.slug, {
        offset: 0,
        limit: FEED_SIZE,
      })
      const body = renderPublicFeed(
        { sector, pageUrl: pageUrl(c, sector.slug), entries: picks },
        format,
      )
      return withEtag(c, body, TYPES[format])
    })
}
