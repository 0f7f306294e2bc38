import { queryString } from '../components/format.tsx'

export interface SearchParams {
  q: string
  sector: string | null
  source: string | null
  lang: string | null
  status: string | null
  from: string | null
  to: string | null
  /** '1': search every month, not only the newest ones that the index keeps in memory. */
  all: string | null
  page: number
}

/** The URL of this search with some parameters changed (a null removes one); the page goes back to 1. */
export function searchUrl(params: SearchParams, change: Partial<SearchParams>): string {
  const next = { ...params, page: 1, ...change }
  return `/search${queryString({ ...next, page: next.page > 1 ? next.page : null })}`
}
