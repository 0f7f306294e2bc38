import type { Translate } from '../../i18n/index.ts'

export interface Paging {
  total: number
  from: number
  pageSize: number
  page: number
  href: (page: number) => string
}

/** Links to the previous and next pages and to each page, filters kept (none for a single page). */
export function Pager(p: { paging: Paging; label: string; t: Translate }) {
  const { total, pageSize, page, href } = p.paging
  const pages = pageSize > 0 ? Math.ceil(total / pageSize) : 1
  if (pages <= 1 && page === 1) return null
  return (
    <nav class="pager" aria-label={p.label}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          {p.t('queue.prev')}
        </a>
      )}
      {pagesAround(page, pages).map((n) =>
        n === null ? (
          <span class="gap">…</span>
        ) : n === page ? (
          <span aria-current="page">{n}</span>
        ) : (
          <a href={href(n)}>{n}</a>
        ),
      )}
      {page < pages && (
        <a href={href(page + 1)} rel="next">
          {p.t('queue.next')}
        </a>
      )}
    </nav>
  )
}

/**
 * The page numbers linked: the first, the last and two either side of the current one, with null
 * for each gap, so that thousands of pages (crawl runs, a long queue) stay one short line.
 */
export function pagesAround(page: number, pages: number): (number | null)[] {
  const out: (number | null)[] = []
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) out.push(n)
    else if (out.at(-1) !== null) out.push(null)
  }
  return out
}
