import type { Clock } from '../lib/clock.ts'
import type { Log } from '../lib/log.ts'
import type { SafeFetch } from '../lib/safe-fetch.ts'

/** Networks Vigie writes for: posted to through an API (Mastodon, Bluesky) or a share intent. */
export const NETWORKS = ['mastodon', 'bluesky', 'x', 'linkedin', 'threads', 'facebook'] as const
export type Network = (typeof NETWORKS)[number]

/** Where a failure happened, for messages and logs: a network, or a webhook. */
export type Channel = Network | 'webhook'

/** What every network client needs, passed in; nothing here opens sockets of its own. */
export interface ReshareDeps {
  fetch: Pick<SafeFetch, 'fetch'>
  log?: Log
  clock?: Clock
}

/** An article as a reshare sees it, whichever channel it goes to. */
export interface ArticleRef {
  title: string
  link: string
  source?: string | null
  author?: string | null
  description?: string | null
  imageUrl?: string | null
}
