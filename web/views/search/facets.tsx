import type { Translate } from '../../i18n/index.ts'
import type { Locale } from '../../i18n/index.ts'
import { addDays } from '../../../src/lib/calendar-days.ts'
import { formatNumber, langLabel } from '../components/format.tsx'
import { searchUrl, type SearchParams } from './search-url.tsx'

export interface FacetCounts {
  sector: Record<string, number>
  source: Record<string, number>
  lang: Record<string, number>
  status: Record<string, number>
}

type FacetKey = 'sector' | 'source' | 'lang' | 'status'

// The most frequent values of a facet shown at once; the others under a fold.
const FACET_SHOWN = 12

/** Each facet's values with their counts, as links that add the filter; an active filter links to its removal. */
export function Facets(p: {
  params: SearchParams
  facets: FacetCounts
  sectorNames: Record<string, string>
  /** The sector's calendar day (YYYY-MM-DD). */
  today: string
  t: Translate
  locale: Locale
}) {
  const { t, params } = p
  const label: Record<FacetKey, (v: string) => string> = {
    sector: (v) => p.sectorNames[v] ?? v,
    source: (v) => v,
    lang: (v) => langLabel(v),
    status: (v) => t(`status.${v}`),
  }
  const dates: [string, string][] = [
    ['search.date.week', addDays(p.today, -7)],
    ['search.date.month', addDays(p.today, -30)],
    ['search.date.year', `${p.today.slice(0, 4)}-01-01`],
  ]
  const active = (['sector', 'source', 'lang', 'status', 'from', 'to'] as const).filter(
    (k) => params[k],
  )
  const value = (key: FacetKey, [v, count]: [string, number]) =>
    params[key] === v ? (
      <li class="active">
        {label[key](v)} <span class="count">{formatNumber(p.locale, count)}</span>{' '}
        <a href={searchUrl(params, { [key]: null })} class="remove">
          ({t('search.remove')})
        </a>
      </li>
    ) : (
      <li>
        <a href={searchUrl(params, { [key]: v })}>{label[key](v)}</a>{' '}
        <span class="count">{formatNumber(p.locale, count)}</span>
      </li>
    )
  // On a phone the filters fold under their summary, so that the results come first; on a wide
  // screen the stylesheet shows them open beside the results (no script either way).
  return (
    <details class="facets-toggle">
      <summary>
        {active.length === 0
          ? t('search.filters')
          : t('search.filtersActive', { n: active.length })}
      </summary>
      <aside class="facets">
        {active.length > 0 && (
          <p>
            <a
              href={searchUrl(params, {
                sector: null,
                source: null,
                lang: null,
                status: null,
                from: null,
                to: null,
              })}
            >
              {t('search.clearFilters')}
            </a>
          </p>
        )}
        {(['sector', 'source', 'lang', 'status'] as const).map((key) => {
          const entries = Object.entries(p.facets[key]).sort(
            (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
          )
          if (!entries.length && !params[key]) return null
          return (
            <section class={`facet facet-${key}`}>
              <h2>{t(`search.facet.${key}`)}</h2>
              <ul>
                {params[key] && !entries.some(([v]) => v === params[key]) && (
                  <li class="active">
                    {label[key](params[key]!)}{' '}
                    <a href={searchUrl(params, { [key]: null })} class="remove">
                      ({t('search.remove')})
                    </a>
                  </li>
                )}
                {entries.slice(0, FACET_SHOWN).map((e) => value(key, e))}
              </ul>
              {entries.length > FACET_SHOWN && (
                // Every value stays reachable: the rarer ones fold under "n more".
                <details class="facet-more">
                  <summary>{t('search.moreValues', { n: entries.length - FACET_SHOWN })}</summary>
                  <ul>{entries.slice(FACET_SHOWN).map((e) => value(key, e))}</ul>
                </details>
              )}
            </section>
          )
        })}
        <section class="facet facet-date">
          <h2>{t('search.facet.date')}</h2>
          <ul>
            {dates.map(([key, from]) => (
              <li class={params.from === from && !params.to ? 'active' : undefined}>
                <a href={searchUrl(params, { from, to: null })}>{t(key)}</a>
              </li>
            ))}
          </ul>
          <form method="get" action="/search" class="date-range">
            {(['q', 'sector', 'source', 'lang', 'status'] as const).map((k) =>
              params[k] ? <input type="hidden" name={k} value={params[k]!} /> : null,
            )}
            <label>
              {t('search.from')} <input type="date" name="from" value={params.from ?? ''} />
            </label>
            <label>
              {t('search.to')} <input type="date" name="to" value={params.to ?? ''} />
            </label>
            <button type="submit">{t('search.submit')}</button>
          </form>
        </section>
      </aside>
    </details>
  )
}
