import { sql, type SQL } from 'drizzle-orm'
import { articles, citations, feeds } from '../../db/schema.ts'
import type { Db } from './db.ts'

// Who cites a source or a person, and whom they cite, counted by SQLite from the stored links of
// the sector's articles (src/jobs/directory.ts): one page of a grouped query, never every link.

export interface PageOf<T> {
  rows: T[]
  /** How many rows the whole list has. */
  total: number
}

export interface Slice {
  limit: number
  offset: number
}

/** A source of the sector that links here: its articles doing so (citations) and their links. */
export interface CitingSource {
  feedId: number
  name: string
  citations: number
  links: number
}

/** A site linked to: by how many of the subject's articles (citations), with one of the addresses. */
export interface CitedSite {
  host: string
  citations: number
  links: number
  sampleUrl: string
}

const paged = <T extends { total: number }>(rows: T[]) => ({
  rows: rows.map(({ total, ...rest }) => rest),
  total: Number(rows[0]?.total ?? 0),
})

/** The sector's sources whose articles link to this site (other than the source itself). */
export async function sourcesCitingHost(
  db: Db,
  sectorSlug: string,
  host: string,
  exceptFeedId: number,
  slice: Slice,
): Promise<PageOf<CitingSource>> {
  const rows = await db.all<CitingSource & { total: number }>(sql`
    select ${citations.feedId} as feedId, ${feeds.sourceName} as name,
      count(distinct ${citations.articleId}) as citations, count(*) as links,
      count(*) over () as total
    from ${citations} join ${feeds} on ${feeds.id} = ${citations.feedId}
    where ${citations.sectorSlug} = ${sectorSlug} and ${citations.targetHost} = ${host}
      and ${citations.feedId} != ${exceptFeedId}
    group by ${citations.feedId}
    order by citations desc, links desc, name
    limit ${slice.limit} offset ${slice.offset}`)
  return paged(rows)
}

/** The sites a source's articles link to, most linked first. */
export function hostsCitedBySource(db: Db, feedId: number, slice: Slice) {
  return hostsCitedFrom(
    db,
    sql`select ${articles.id} from ${articles} where ${articles.feedId} = ${feedId}`,
    slice,
  )
}

/**
 * The sector's sources linking to any of these articles (a person's), a source's links to its own
 * articles left out as the directory's figures do. Addresses compare without a trailing slash.
 */
export async function sourcesCitingArticles(
  db: Db,
  sectorSlug: string,
  targets: { feedId: number; urls: string[] }[],
  slice: Slice,
): Promise<PageOf<CitingSource>> {
  const pairs = targets.flatMap((t) =>
    [...new Set(t.urls.map((u) => u.replace(/#.*$/, '').replace(/\/+$/, '')))].map((u) => [
      u,
      t.feedId,
    ]),
  )
  const hosts = [...new Set(pairs.map(([u]) => hostOf(u as string)).filter(Boolean))]
  if (!pairs.length || !hosts.length) return { rows: [], total: 0 }
  const rows = await db.all<CitingSource & { total: number }>(sql`
    with mine(url, feed) as materialized (
      select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${JSON.stringify(pairs)}))
    select ${citations.feedId} as feedId, ${feeds.sourceName} as name,
      count(distinct ${citations.articleId}) as citations, count(*) as links,
      count(*) over () as total
    from ${citations}
      join mine on mine.url = rtrim(${citations.targetUrl}, '/') and mine.feed != ${citations.feedId}
      join ${feeds} on ${feeds.id} = ${citations.feedId}
    where ${citations.sectorSlug} = ${sectorSlug}
      and ${citations.targetHost} in (select value from json_each(${JSON.stringify(hosts)}))
    group by ${citations.feedId}
    order by citations desc, links desc, name
    limit ${slice.limit} offset ${slice.offset}`)
  return paged(rows)
}

/** The sites these articles (a person's) link to, most linked first. */
export async function hostsCitedByArticles(db: Db, articleIds: number[], slice: Slice) {
  if (!articleIds.length) return { rows: [], total: 0 }
  return hostsCitedFrom(db, sql`select value from json_each(${JSON.stringify(articleIds)})`, slice)
}

/** The sites that the articles whose ids `articleIds` selects link to, most linked first. */
async function hostsCitedFrom(db: Db, articleIds: SQL, slice: Slice): Promise<PageOf<CitedSite>> {
  const rows = await db.all<CitedSite & { total: number }>(sql`
    select ${citations.targetHost} as host, count(distinct ${citations.articleId}) as citations,
      count(*) as links, min(${citations.targetUrl}) as sampleUrl, count(*) over () as total
    from ${citations}
    where ${citations.articleId} in (${articleIds})
    group by ${citations.targetHost}
    order by citations desc, links desc, host
    limit ${slice.limit} offset ${slice.offset}`)
  return paged(rows)
}

/** The host as the citations table stores it (lower case, without www), or null. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '')
  } catch {
    return null
  }
}
