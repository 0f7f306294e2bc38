import type { Hono } from 'hono'
import { z } from 'zod'
import { directorySourceOrThrow } from '../../store/index.ts'
import { queryString } from '../../../web/views/components/format.tsx'
import { SourcePage } from '../../../web/views/directory/source-page.tsx'
import { sourceDetail, type CitationPages } from '../api/directory-source.ts'
import type { AppEnv } from '../env.ts'
import { requireRole } from '../middleware/session.ts'
import { frameOf, nonEmptyQuery, Id, parseWith, renderPage, resolveSector } from './queue.ts'

const Page = z.coerce.number().int().min(1).max(10_000).default(1)
const SourceQuery = z.object({ citedBy: Page, cites: Page })

/** The pagers of "who cites" and "whom they cite", each keeping the other's page. */
export function citationPaging(
  path: string,
  pages: CitationPages,
  lists: Record<
    keyof CitationPages,
    { total: number; from: number; pageSize: number; page: number }
  >,
) {
  const href = (key: keyof CitationPages) => (n: number) => {
    const at = { ...pages, [key]: n }
    const query = queryString({
      citedBy: at.citedBy > 1 ? at.citedBy : null,
      cites: at.cites > 1 ? at.cites : null,
    })
    return `${path}${query}#${key === 'citedBy' ? 'cited-by' : 'cites'}`
  }
  return {
    citedBy: { ...lists.citedBy, href: href('citedBy') },
    cites: { ...lists.cites, href: href('cites') },
  }
}

/** A source's page: figures, handles, writers, latest articles, who cites it and whom it cites. */
export function directorySourceRoutes(app: Hono<AppEnv>) {
  app.get('/directory/sources/:id', async (c) => {
    requireRole(c, 'viewer')
    const id = parseWith(Id, c.req.param('id'))
    const pages = parseWith(SourceQuery, nonEmptyQuery(c))
    const { db } = c.var.deps
    // The sector must still exist (a feed may outlive a removed sector's file for a while).
    const { sectorSlug } = await directorySourceOrThrow(db, id)
    const sector = (await resolveSector(c, sectorSlug)).sector!
    const d = await sourceDetail(db, id, pages)
    const paging = citationPaging(`/directory/sources/${id}`, pages, d)
    return renderPage(
      c,
      SourcePage({
        frame: frameOf(c, sector.slug),
        sector: sector.slug,
        source: {
          ...d.source,
          figures: d.source,
          rank: { rank: d.source.rank, of: d.source.rankOf },
        },
        writers: d.writers,
        articles: d.articles,
        citations: {
          citedBy: { rows: d.citedBy.rows, paging: paging.citedBy },
          cites: { rows: d.cites.rows, paging: paging.cites },
        },
      }),
    )
  })
}
