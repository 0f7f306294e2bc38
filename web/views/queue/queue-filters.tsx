import type { Translate } from '../../i18n/index.ts'
import { langLabel } from '../components/format.tsx'

export interface QueueFilterValues {
  source: number | null
  lang: string | null
  minScore: number | null
  since: string | null
  state?: string | null
  tag?: string | null
}

/**
 * The queue's filters as a GET form: source (feed), language, minimum score, published since. Folded
 * away (it takes half a phone's screen) unless a filter is in use.
 */
export function QueueFilters(p: {
  sector: string
  values: QueueFilterValues
  feeds: { id: number; name: string }[]
  langs: string[]
  t: Translate
}) {
  const { t, values } = p
  const active = [values.source, values.lang, values.minScore, values.since, values.tag].filter(
    (v) => v != null && v !== '',
  ).length
  return (
    <details class="filters-box" open={active > 0}>
      <summary>
        {t('queue.filters')}
        {active > 0 && (
          <span class="filters-active">{t('queue.filtersActive', { n: active })}</span>
        )}
      </summary>
      <FiltersForm {...p} />
    </details>
  )
}

function FiltersForm(p: Parameters<typeof QueueFilters>[0]) {
  const { t, values } = p
  return (
    <form method="get" action="/queue" class="filters" aria-label={t('queue.filters')}>
      <input type="hidden" name="sector" value={p.sector} />
      {values.state && <input type="hidden" name="state" value={values.state} />}
      <label>
        {t('queue.source')}
        <select name="source">
          <option value="">{t('queue.all')}</option>
          {p.feeds.map((f) => (
            <option value={String(f.id)} selected={values.source === f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('queue.lang')}
        <select name="lang">
          <option value="">{t('queue.all')}</option>
          {p.langs.map((l) => (
            <option value={l} selected={values.lang === l}>
              {langLabel(l)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('queue.minScore')}
        <input
          type="number"
          name="minScore"
          min="0"
          max="100"
          step="1"
          value={values.minScore == null ? '' : String(values.minScore)}
        />
      </label>
      <label>
        {t('queue.since')}
        <input type="date" name="since" value={values.since ?? ''} />
      </label>
      <label>
        {t('queue.tag')}
        <input type="search" name="tag" maxlength={100} value={values.tag ?? ''} />
      </label>
      <span class="filters-actions">
        <button type="submit">{t('queue.apply')}</button>
        <a
          href={`/queue?sector=${encodeURIComponent(p.sector)}${values.state ? `&state=${encodeURIComponent(values.state)}` : ''}`}
          class="button clear"
        >
          {t('queue.clear')}
        </a>
      </span>
    </form>
  )
}
