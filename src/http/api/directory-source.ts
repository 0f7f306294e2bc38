import { createRoute, z } from '@hono/zod-openapi'
import {
  hostOfSource,
  normaliseName,
  preferredHandles,
  siteHost,
  splitAuthors,
} from '../../directory/index.ts'
import { AppError } from '../../lib/errors.ts'
import {
  directorySourceOrThrow,
  hostsCitedByArticles,
  hostsCitedBySource,
  latestArticlesOfFeeds,
  latestArticlesOfSource,
  peopleOfBylines,
  sectorSourceSites,
  sourceInfluenceRank,
  sourcesCitingArticles,
  sourcesCitingHost,
  writersOfSource,
  type CitedSite,
  type Db,
  type PageOf,
} from '../../store/index.ts'
import type { Api } from './app.ts'
import { figuresJson, Figures, Handle } from './directory.ts'
import { errors, ok, slug } from './schemas.ts'
import { sectorOrThrow } from './sectors.ts'

/** Rows of "who cites them" and "whom they cite" per page. */
export const CITATION_ROWS = 20
const MAX_PAGE = 10_000

export interface CitationPages {
  citedBy: number
  cites: number
}

/** A page of citations with where it starts, for a pager or an API answer. */
const pageOf = <T>(list: PageOf<T>, page: number) => ({
  ...list,
  page,
  from: (page - 1) * CITATION_ROWS,
  pageSize: CITATION_ROWS,
})
const slice = (page: number) => ({ limit: CITATION_ROWS, offset: (page - 1) * CITATION_ROWS })

/** The followed source of the sector on each cited site, so that a cited site links to its page. */
async function withSources(db: Db, sectorSlug: string, cites: PageOf<CitedSite>) {
  const sites = cites.rows.length ? await sectorSourceSites(db, sectorSlug) : []
  const byHost = new Map<string, { id: number; name: string }>()
  for (const s of sites) {
    const host = siteHost(s.siteUrl) ?? siteHost(s.url)
    if (host && !byHost.has(host)) byHost.set(host, { id: s.id, name: s.name })
  }
  return {
    total: cites.total,
    rows: cites.rows.map((r) => ({ ...r, source: byHost.get(r.host) ?? null })),
  }
}

/** Who cites a source (the sector's sources linking to its site) and whom it cites. */
export async function sourceCitations(
  db: Db,
  source: { id: number; sectorSlug: string; host: string | null },
  pages: CitationPages,
) {
  const [citedBy, cites] = await Promise.all([
    source.host
      ? sourcesCitingHost(db, source.sectorSlug, source.host, source.id, slice(pages.citedBy))
      : { rows: [], total: 0 },
    hostsCitedBySource(db, source.id, slice(pages.cites)),
  ])
  return {
    citedBy: pageOf(citedBy, pages.citedBy),
    cites: pageOf(await withSources(db, source.sectorSlug, cites), pages.cites),
  }
}

/** Who cites a person (sources linking to one of their articles) and whom they cite. */
export async function personCitations(
  db: Db,
  sectorSlug: string,
  articles: { id: number; feedId: number; url: string; canonicalUrl: string }[],
  pages: CitationPages,
) {
  const [citedBy, cites] = await Promise.all([
    sourcesCitingArticles(
      db,
      sectorSlug,
      articles.map((a) => ({ feedId: a.feedId, urls: [a.url, a.canonicalUrl] })),
      slice(pages.citedBy),
    ),
    hostsCitedByArticles(
      db,
      articles.map((a) => a.id),
      slice(pages.cites),
    ),
  ])
  return {
    citedBy: pageOf(citedBy, pages.citedBy),
    cites: pageOf(await withSources(db, sectorSlug, cites), pages.cites),
  }
}

// A person's articles are found among their sources' latest ones (by byline), this many at most.
const PERSON_ARTICLES_SCANNED = 1000

/** A person's articles, latest first: those of their sources whose byline names one of their aliases. */
export async function articlesOfPerson(
  db: Db,
  sectorSlug: string,
  aliases: { feedId: number; normName: string }[],
) {
  const feedIds = [...new Set(aliases.map((a) => a.feedId))]
  const latest = await latestArticlesOfFeeds(db, sectorSlug, feedIds, PERSON_ARTICLES_SCANNED)
  const mine = new Set(aliases.map((a) => `${a.feedId}|${a.normName}`))
  return latest.filter((a) =>
    splitAuthors(a.author).some((n) => mine.has(`${a.feedId}|${normaliseName(n)}`)),
  )
}

/** Everything a source's page shows, from the database; a not_found error when there is no such source. */
export async function sourceDetail(db: Db, id: number, pages: CitationPages, sectorSlug?: string) {
  const source = await directorySourceOrThrow(db, id)
  if (sectorSlug !== undefined && source.sectorSlug !== sectorSlug)
    throw new AppError('not_found', { field: 'id', id })
  const [latest, writers, rank] = await Promise.all([
    latestArticlesOfSource(db, id),
    writersOfSource(db, source.sectorSlug, id),
    sourceInfluenceRank(db, source.sectorSlug, source.figures),
  ])
  const host = hostOfSource(
    { siteUrl: source.siteUrl, url: source.feedUrl },
    latest.map((a) => siteHost(a.canonicalUrl) ?? siteHost(a.url)),
  )
  const bylines = latest.map((a) => ({ id: a.id, names: splitAuthors(a.author) }))
  const personOf = await peopleOfBylines(
    db,
    bylines.flatMap((b) =>
      b.names.map((n) => ({
        sectorSlug: source.sectorSlug,
        feedId: id,
        normName: normaliseName(n),
      })),
    ),
  )
  const citations = await sourceCitations(db, { id, sectorSlug: source.sectorSlug, host }, pages)
  return {
    source: {
      id,
      sector: source.sectorSlug,
      name: source.name,
      kind: source.kind,
      siteUrl: source.siteUrl,
      feedUrl: source.feedUrl,
      followed: source.enabled,
      host,
      handles: preferredHandles(source.handles),
      ...figuresJson(source.figures),
      citedWeekly: (source.figures?.citedWeekly ?? new Array<number>(12).fill(0)).slice(0, 12),
      rank: rank.rank,
      rankOf: rank.of,
      computedAt: source.computedAt?.toISOString() ?? null,
    },
    writers,
    articles: latest.map((a, i) => ({
      id: a.id,
      title: a.title,
      publishedAt: a.publishedAt.toISOString(),
      authors: bylines[i]!.names.map((name) => ({
        name,
        personId: personOf.get(`${source.sectorSlug}|${id}|${normaliseName(name)}`) ?? null,
      })),
    })),
    ...citations,
  }
}

const Page = z.coerce.number().int().min(1).max(MAX_PAGE).default(1)

const SourceParams = z.object({
  slug: slug.openapi({ param: { name: 'slug', in: 'path' } }),
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: 12 }),
})

export const CitationsQuery = z.object({
  citedBy: Page.openapi({ description: 'Page of the sources citing it (20 a page)' }),
  cites: Page.openapi({ description: 'Page of the sites it cites (20 a page)' }),
})

const paged = <T extends z.ZodType>(row: T) =>
  z.object({
    rows: z.array(row),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })

export const CitingSourceJson = z
  .object({
    feedId: z.number().int(),
    name: z.string(),
    citations: z.number().int().openapi({ description: 'Its articles linking here' }),
    links: z.number().int(),
  })
  .openapi('DirectoryCitingSource')

export const CitedSiteJson = z
  .object({
    host: z.string(),
    citations: z.number().int().openapi({ description: 'Articles linking to that site' }),
    links: z.number().int(),
    sampleUrl: z.string(),
    source: z
      .object({ id: z.number().int(), name: z.string() })
      .nullable()
      .openapi({ description: "The sector's source on that site, when it follows one" }),
  })
  .openapi('DirectoryCitedSite')

export const CitationsJson = {
  citedBy: paged(CitingSourceJson),
  cites: paged(CitedSiteJson),
}

const SourceDetail = z
  .object({
    id: z.number().int(),
    sector: z.string(),
    name: z.string(),
    kind: z.string(),
    siteUrl: z.string().nullable(),
    feedUrl: z.string(),
    followed: z.boolean(),
    host: z.string().nullable(),
    handles: z.array(Handle),
    citedWeekly: z
      .array(z.number().int())
      .openapi({ description: '12 weekly counts of articles citing it, latest first' }),
    rank: z
      .number()
      .int()
      .openapi({ description: 'Place by influence among the sector’s sources' }),
    rankOf: z.number().int(),
    computedAt: z.iso.datetime().nullable(),
  })
  .extend(Figures.shape)
  .openapi('DirectorySourceDetail')

const getRoute = createRoute({
  method: 'get',
  path: '/sectors/{slug}/sources/{id}',
  tags: ['directory'],
  summary:
    'One source of the directory: figures, writers, latest articles, who cites it and whom it cites',
  request: { params: SourceParams, query: CitationsQuery },
  responses: {
    200: ok(
      z.object({
        source: SourceDetail,
        writers: z.array(
          z.object({ id: z.number().int(), name: z.string(), articles: z.number().int() }),
        ),
        articles: z.array(
          z.object({
            id: z.number().int(),
            title: z.string(),
            publishedAt: z.iso.datetime(),
            authors: z.array(z.object({ name: z.string(), personId: z.number().int().nullable() })),
          }),
        ),
        ...CitationsJson,
      }),
    ),
    ...errors,
  },
})

/** Drops what only a web pager needs. */
export const citationsJson = <A, B>(p: {
  citedBy: { rows: A[]; total: number; page: number; pageSize: number }
  cites: { rows: B[]; total: number; page: number; pageSize: number }
}) => ({
  citedBy: {
    rows: p.citedBy.rows,
    total: p.citedBy.total,
    page: p.citedBy.page,
    pageSize: p.citedBy.pageSize,
  },
  cites: {
    rows: p.cites.rows,
    total: p.cites.total,
    page: p.cites.page,
    pageSize: p.cites.pageSize,
  },
})

export function directorySourceRoutes(api: Api) {
  api.openapi(getRoute, async (c) => {
    const { db } = c.var.deps
    const { slug: sectorSlug, id } = c.req.valid('param')
    const sector = await sectorOrThrow(db, sectorSlug)
    const detail = await sourceDetail(db, id, c.req.valid('query'), sector.slug)
    return c.json(
      {
        source: detail.source,
        writers: detail.writers,
        articles: detail.articles,
        ...citationsJson(detail),
      },
      200,
    )
  })
}
