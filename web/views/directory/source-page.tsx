import { formatNumber } from '../../i18n/number.ts'
import { Layout } from '../layout.tsx'
import { DateTime } from '../components/format.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { Citations, type CitationsProps } from './citations.tsx'
import type { DirectoryFiguresView } from './directory-page.tsx'
import { ActivityFigures } from './activity-figures.tsx'
import { Figure, Sparkline } from './sparkline.tsx'

export interface SourcePageProps {
  frame: Frame
  sector: string
  source: {
    id: number
    name: string
    kind: string
    siteUrl: string | null
    feedUrl: string
    followed: boolean
    host: string | null
    handles: { network: string; handle: string; url: string | null; signal: string }[]
    figures: DirectoryFiguresView & { citedWeekly: number[] }
    rank: { rank: number; of: number }
  }
  writers: { id: number; name: string; articles: number }[]
  articles: {
    id: number
    title: string
    publishedAt: string
    authors: { name: string; personId: number | null }[]
  }[]
  citations: Omit<CitationsProps, 't'>
}

const webUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null)
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

/** One source of the directory: its figures with small charts, handles, writers, latest articles, links. */
export function SourcePage(p: SourcePageProps) {
  const { t, locale } = p.frame
  const { source: s } = p
  const f = s.figures
  return (
    <Layout {...p.frame} title={s.name} active="directory">
      <p class="meta">
        <a href={`/directory?sector=${encodeURIComponent(p.sector)}`}>{t('directory.back')}</a>
      </p>
      <h1>
        {s.name}
        {f.rising && <span class="badge rising">{t('directory.rising')}</span>}
      </h1>
      <p class="meta">
        {t(`sources.kind.${s.kind}`)}
        {webUrl(s.siteUrl) && (
          <>
            {' · '}
            <a href={webUrl(s.siteUrl)!} rel="nofollow noopener noreferrer">
              {s.host ?? s.siteUrl}
            </a>
          </>
        )}
        {webUrl(s.feedUrl) && (
          <>
            {' · '}
            <a href={webUrl(s.feedUrl)!} rel="nofollow noopener noreferrer">
              {t('directory.feed')}
            </a>
          </>
        )}
        {!s.followed && <> · {t('directory.notFollowed')}</>}
      </p>
      <dl class="figures">
        <Figure label={t('directory.influence')}>
          {formatNumber(locale, f.influence * 100, 2)} —{' '}
          {t('directory.rankOf', { rank: s.rank.rank, of: s.rank.of })}
        </Figure>
        <Figure label={t('directory.citations')}>
          {t('directory.citationsLine', { n: f.citingSources, citations: f.citations })}
        </Figure>
        <ActivityFigures
          figures={f}
          t={t}
          locale={locale}
          afterWeeks={
            <Figure label={t('directory.citedWeeks')}>
              <Sparkline
                weekly={f.citedWeekly}
                label={t('directory.citedSparkline', { n: sum(f.citedWeekly) })}
              />
            </Figure>
          }
        />
      </dl>

      <h2>{t('directory.handles')}</h2>
      {s.handles.length ? (
        <ul class="handles">
          {s.handles.map((h) => (
            <li title={t('directory.foundBy', { signal: h.signal })}>
              <span class="network">{h.network}</span>{' '}
              {webUrl(h.url) ? (
                <a href={webUrl(h.url)!} rel="nofollow noopener noreferrer">
                  {h.handle}
                </a>
              ) : (
                h.handle
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('directory.empty')}</p>
      )}

      <h2>{t('directory.writers')}</h2>
      {p.writers.length ? (
        <ul class="writers">
          {p.writers.map((w) => (
            <li>
              <a href={`/directory/people/${w.id}`}>{w.name}</a> —{' '}
              {t('directory.articleCount', { n: w.articles })}
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('directory.empty')}</p>
      )}

      <h2>{t('directory.articles')}</h2>
      {p.articles.length ? (
        <ul class="articles">
          {p.articles.map((a) => (
            <li>
              <a href={`/articles/${a.id}`}>{a.title}</a>
              {a.authors.length > 0 && (
                <>
                  {' — '}
                  {a.authors.map((w, i) => (
                    <>
                      {i > 0 && ', '}
                      {w.personId ? (
                        <a href={`/directory/people/${w.personId}`}>{w.name}</a>
                      ) : (
                        w.name
                      )}
                    </>
                  ))}
                </>
              )}
              , <DateTime locale={locale} when={a.publishedAt} withTime={false} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('directory.empty')}</p>
      )}

      <Citations t={t} {...p.citations} />
    </Layout>
  )
}
