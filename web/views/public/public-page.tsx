import type { Locale, Translate } from '../../i18n/index.ts'
import { formatDate } from '../components/format.tsx'

export interface PublicPick {
  title: string
  url: string
  author: string | null
  source: string
  commentary: string
  pickedAt: Date
}

export interface PublicPageProps {
  t: Translate
  locale: Locale
  /** The sector's time zone dates its picks: the page has no script to use the reader's. */
  sector: { slug: string; name: string; language: string; timezone: string }
  picks: PublicPick[]
  page: number
  more: boolean
}

const isHttp = (url: string) => /^https?:\/\//i.test(url)

/** The sector's public picks: no session, no navigation of the app, nothing private. */
export function PublicPage(p: PublicPageProps) {
  const { t, locale, sector } = p
  const base = `/p/${encodeURIComponent(sector.slug)}`
  const title = t('public.title', { sector: sector.name })
  return (
    <html lang={sector.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={title}
          href={`${base}/feed.atom`}
        />
        <link rel="alternate" type="application/rss+xml" title={title} href={`${base}/feed.rss`} />
        <link
          rel="alternate"
          type="application/feed+json"
          title={title}
          href={`${base}/feed.json`}
        />
      </head>
      <body class="public">
        <main>
          <h1>{title}</h1>
          <p class="muted">{t('public.intro', { sector: sector.name })}</p>
          <p class="public-feeds">
            {t('public.feeds')} <a href={`${base}/feed.atom`}>Atom</a> ·{' '}
            <a href={`${base}/feed.rss`}>RSS</a> · <a href={`${base}/feed.json`}>JSON Feed</a>
          </p>
          {p.picks.length === 0 && <p class="empty">{t('public.empty')}</p>}
          <ol class="public-picks">
            {p.picks.map((pick) => (
              <li class="public-pick">
                <h2 class="public-pick-title">
                  {isHttp(pick.url) ? <a href={pick.url}>{pick.title}</a> : pick.title}
                </h2>
                <p class="muted">
                  {pick.source}
                  {pick.author ? ` · ${t('public.by', { author: pick.author })}` : ''}
                  {' · '}
                  {t('public.pickedOn', {
                    when: formatDate(locale, pick.pickedAt, false, sector.timezone),
                  })}
                </p>
                {pick.commentary.trim() && (
                  <blockquote class="public-commentary">
                    {pick.commentary
                      .trim()
                      .split(/\n+/)
                      .map((line) => (
                        <p>{line}</p>
                      ))}
                  </blockquote>
                )}
              </li>
            ))}
          </ol>
          <nav class="day-nav" aria-label={t('public.pages')}>
            {p.page > 1 ? (
              <a href={`${base}?page=${p.page - 1}`} rel="prev">
                {t('public.newer')}
              </a>
            ) : (
              <span />
            )}
            {p.more ? (
              <a href={`${base}?page=${p.page + 1}`} rel="next">
                {t('public.older')}
              </a>
            ) : (
              <span />
            )}
          </nav>
          <p class="muted public-footer">{t('public.poweredBy')}</p>
        </main>
      </body>
    </html>
  )
}
