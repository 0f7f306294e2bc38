import type { Translate } from '../../i18n/index.ts'
import { Pager, type Paging } from '../components/pager.tsx'

export interface CitingSourceView {
  feedId: number
  name: string
  citations: number
  links: number
}

export interface CitedSiteView {
  host: string
  citations: number
  links: number
  sampleUrl: string
  /** The sector's source on that site, when it follows it. */
  source: { id: number; name: string } | null
}

export interface CitationsProps {
  t: Translate
  citedBy: { rows: CitingSourceView[]; paging: Paging }
  cites: { rows: CitedSiteView[]; paging: Paging }
}

const webUrl = (u: string) => (/^https?:\/\//i.test(u) ? u : null)

/**
 * Who cites a source or a person (the sector's sources linking to it) and whom it cites (the sites
 * its articles link to), each with its counts and its own pager.
 */
export function Citations(p: CitationsProps) {
  const { t } = p
  return (
    <>
      <section id="cited-by" class="citations">
        <h2>{t('directory.citedBy')}</h2>
        {p.citedBy.rows.length ? (
          <ol start={p.citedBy.paging.from + 1}>
            {p.citedBy.rows.map((r) => (
              <li>
                <a href={`/directory/sources/${r.feedId}`}>{r.name}</a> —{' '}
                {t('directory.linkCount', { n: r.citations, links: r.links })}
              </li>
            ))}
          </ol>
        ) : (
          <p class="empty">{t('directory.citedByNone')}</p>
        )}
        <Pager paging={p.citedBy.paging} label={t('directory.citedByPages')} t={t} />
      </section>
      <section id="cites" class="citations">
        <h2>{t('directory.cites')}</h2>
        {p.cites.rows.length ? (
          <ol start={p.cites.paging.from + 1}>
            {p.cites.rows.map((r) => (
              <li>
                {r.source ? (
                  <a href={`/directory/sources/${r.source.id}`}>{r.source.name}</a>
                ) : webUrl(r.sampleUrl) ? (
                  <a href={webUrl(r.sampleUrl)!} rel="nofollow noopener noreferrer">
                    {r.host}
                  </a>
                ) : (
                  r.host
                )}{' '}
                — {t('directory.linkCount', { n: r.citations, links: r.links })}
              </li>
            ))}
          </ol>
        ) : (
          <p class="empty">{t('directory.citesNone')}</p>
        )}
        <Pager paging={p.cites.paging} label={t('directory.citesPages')} t={t} />
      </section>
    </>
  )
}
