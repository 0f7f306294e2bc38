import type { Context, Hono } from 'hono'
import { z } from 'zod'
import { AppError } from '../../lib/errors.ts'
import { ArticleAddPage } from '../../../web/views/queue/article-add-page.tsx'
import type { AppEnv } from '../env.ts'
import { readForm } from '../form.ts'
import { requireRole } from '../middleware/session.ts'
import { frameOf, noSectorPage, parseWith, renderPage, resolveSector } from './queue.ts'

// What the bookmarklet and a phone's share sheet send: Android puts a shared link in `text`,
// sometimes after the page's title.
const AddQuery = z.object({
  sector: z.string().max(100).optional(),
  url: z.string().max(4096).optional(),
  text: z.string().max(4096).optional(),
  title: z.string().max(4096).optional(),
})

const AddForm = z.object({
  sector: z.string().max(100),
  url: z.string().max(4096),
  approve: z.literal('1').optional(),
})

const firstLink = (s: string | undefined) => /https?:\/\/\S+/.exec(s ?? '')?.[0] ?? ''

/** How the add page reaches the curator's Vigie from another site: VIGIE_PUBLIC_URL, or this request. */
const originOf = (c: Context<AppEnv>) => new URL(c.var.deps.config.publicUrl || c.req.url).origin

/** "Ajouter un article": a page found elsewhere, added to a sector by its address. */
export function articleAddRoutes(app: Hono<AppEnv>) {
  app.get('/articles/add', async (c) => {
    requireRole(c, 'curator')
    const q = parseWith(AddQuery, c.req.query())
    const { sectors, sector } = await resolveSector(c, q.sector || undefined)
    if (!sector) return noSectorPage(c)
    const page = ArticleAddPage({
      frame: frameOf(c, sector.slug),
      sectors,
      sector: sector.slug,
      url: q.url || firstLink(q.text) || firstLink(q.title),
      approve: true,
      error: null,
      origin: originOf(c),
    })
    return renderPage(c, page)
  })

  app.post('/articles/add', async (c) => {
    requireRole(c, 'curator')
    const body = parseWith(AddForm, await readForm(c))
    const { sectors, sector } = await resolveSector(c, body.sector)
    const { deps } = c.var
    if (!sector || !deps.addArticle)
      throw new AppError('not_found', {}, 'articles cannot be added on this server')
    try {
      const added = await deps.addArticle({
        sectorSlug: sector.slug,
        url: body.url,
        approve: !!body.approve,
        actor: c.var.user?.email ?? null,
      })
      const done = added.approved ? `&done=${added.id}&did=approve` : ''
      const state = added.existing ? 'existing' : 'new'
      return c.redirect(`/articles/${added.id}?added=${state}${done}`, 303)
    } catch (err) {
      if (
        !(err instanceof AppError) ||
        !['validation_failed', 'page_unreadable'].includes(err.code)
      )
        throw err
      const page = ArticleAddPage({
        frame: frameOf(c, sector.slug),
        sectors,
        sector: sector.slug,
        url: body.url,
        approve: !!body.approve,
        error: errorText(c, err),
        origin: originOf(c),
      })
      return renderPage(c, page, err.code === 'page_unreadable' ? 422 : 400)
    }
  })
}

function errorText(c: Context<AppEnv>, err: AppError) {
  const { t } = c.var
  const reason = String(err.details.reason ?? '')
  if (err.code === 'page_unreadable') return t('articleAdd.error.unreadable', { reason })
  if (reason === 'local_address')
    return t('articleAdd.error.local', { host: String(err.details.host) })
  return t('articleAdd.error.invalid')
}
