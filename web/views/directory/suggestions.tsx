import type { Locale, Translate } from '../../i18n/index.ts'
import { formatNumber } from '../../i18n/number.ts'
import type { SectorOption } from '../components/sector-picker.tsx'
import { TableScroll } from '../components/table-scroll.tsx'

export interface SuggestionView {
  host: string
  siteUrl: string
  feedUrl: string | null
  title: string | null
  citations: number
  citingSources: number
  affinity: number | null
  checked: boolean
}

export interface SuggestionsProps {
  t: Translate
  locale: Locale
  csrf: string
  sector: string
  sectors: SectorOption[]
  rows: SuggestionView[]
  /** Curators and admins answer suggestions; viewers only see them. */
  canAnswer: boolean
  /** What the last answer did, said once after the redirect. */
  flash: string | null
}

const webUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null)

function FeedCell(p: { row: SuggestionView; t: Translate }) {
  const url = webUrl(p.row.feedUrl)
  if (url)
    return (
      <a href={url} rel="nofollow noopener noreferrer">
        {p.row.title ?? url}
      </a>
    )
  return (
    <span class="muted">
      {p.t(p.row.checked ? 'directory.feedNotFound' : 'directory.feedNotChecked')}
    </span>
  )
}

// A site checked without a feed found can only be dismissed: following it would only fail.
function Answer(p: SuggestionsProps & { row: SuggestionView }) {
  const { t, row } = p
  return (
    <div class="suggestion-actions">
      {(row.feedUrl || !row.checked) && (
        <form method="post" action="/directory/suggestions/follow">
          <input type="hidden" name="_csrf" value={p.csrf} />
          <input type="hidden" name="sector" value={p.sector} />
          <input type="hidden" name="host" value={row.host} />
          {p.sectors.length > 1 ? (
            <select name="into" aria-label={t('directory.followInto', { site: row.host })}>
              {p.sectors.map((s) => (
                <option value={s.slug} selected={s.slug === p.sector}>
                  {s.name}
                </option>
              ))}
            </select>
          ) : (
            <input type="hidden" name="into" value={p.sector} />
          )}{' '}
          <button type="submit">{t('directory.follow')}</button>
        </form>
      )}
      <form method="post" action="/directory/suggestions/dismiss">
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="sector" value={p.sector} />
        <input type="hidden" name="host" value={row.host} />
        <button
          type="submit"
          class="secondary"
          aria-label={t('directory.dismissLabel', { site: row.host })}
        >
          {t('directory.dismiss')}
        </button>
      </form>
    </div>
  )
}

/** The sites the sector keeps citing without following them, with follow and dismiss for curators. */
export function Suggestions(p: SuggestionsProps) {
  const { t } = p
  return (
    <section id="suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t('directory.suggestions')}</h2>
      {p.flash && (
        <p class="flash" role="status">
          {p.flash}
        </p>
      )}
      <p class="hint">{t('directory.suggestionsHint')}</p>
      {!p.rows.length ? (
        <p class="empty">{t('directory.noSuggestions')}</p>
      ) : (
        <TableScroll label={t('directory.suggestions')}>
          <table class="directory suggestions">
            <caption class="visually-hidden">{t('directory.suggestions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('directory.rank')}</th>
                <th scope="col">{t('directory.site')}</th>
                <th scope="col">{t('directory.feed')}</th>
                <th scope="col">{t('directory.citations')}</th>
                <th scope="col">{t('directory.affinity')}</th>
                {p.canAnswer && <th scope="col"></th>}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r, i) => (
                <tr data-host={r.host}>
                  <td>{i + 1}</td>
                  <th scope="row">
                    {webUrl(r.siteUrl) ? (
                      <a href={webUrl(r.siteUrl)!} rel="nofollow noopener noreferrer">
                        {r.host}
                      </a>
                    ) : (
                      r.host
                    )}
                  </th>
                  <td>
                    <FeedCell row={r} t={t} />
                  </td>
                  <td>
                    {t('directory.citationsLine', { n: r.citingSources, citations: r.citations })}
                  </td>
                  <td>{r.affinity === null ? '—' : formatNumber(p.locale, r.affinity, 2)}</td>
                  {p.canAnswer && (
                    <td>
                      <Answer {...p} row={r} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
