import type { Network } from './types.ts'

export type TemplateLanguage = 'fr' | 'en'

// Formal for LinkedIn (and Facebook), short for X and Bluesky, Mastodon and Threads in between.
// « » hold no-break spaces, as French typography wants, so a line never starts with "»".
const fr: Record<Network, string> = {
  linkedin: '{commentary}\n\n«\u00a0{title}\u00a0» — {source}, par {author}\n{link}\n\n{hashtags}',
  facebook: '{commentary}\n\n«\u00a0{title}\u00a0» — {source}, par {author}\n{link}\n\n{hashtags}',
  mastodon:
    '{commentary}\n\n«\u00a0{title}\u00a0» — {source}, par {author_handle|author}\n{link}\n\n{hashtags}',
  threads:
    '{commentary}\n\n«\u00a0{title}\u00a0», par {author_handle|author}\n{link}\n\n{hashtags}',
  x: '{commentary}\n\n{title} par {author_handle}\n{link} {hashtags}',
  bluesky: '{commentary}\n\n{title} par {author_handle}\n{link} {hashtags}',
}

const en: Record<Network, string> = {
  linkedin: '{commentary}\n\n“{title}” — {source}, by {author}\n{link}\n\n{hashtags}',
  facebook: '{commentary}\n\n“{title}” — {source}, by {author}\n{link}\n\n{hashtags}',
  mastodon: '{commentary}\n\n“{title}” — {source}, by {author_handle|author}\n{link}\n\n{hashtags}',
  threads: '{commentary}\n\n“{title}”, by {author_handle|author}\n{link}\n\n{hashtags}',
  x: '{commentary}\n\n{title} by {author_handle}\n{link} {hashtags}',
  bluesky: '{commentary}\n\n{title} by {author_handle}\n{link} {hashtags}',
}

/** How many hashtags a post carries by default: Threads takes one, X and Bluesky little room. */
export const DEFAULT_MAX_HASHTAGS: Readonly<Record<Network, number>> = {
  linkedin: 5,
  facebook: 3,
  mastodon: 3,
  threads: 1,
  x: 2,
  bluesky: 2,
}

/** The template a channel starts with, before the curator edits it. */
export function defaultTemplate(network: Network, lang: TemplateLanguage = 'fr'): string {
  return (lang === 'en' ? en : fr)[network]
}
