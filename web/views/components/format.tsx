import type { Locale, Translate } from '../../i18n/index.ts'

const HOUR = 3_600_000

/** "il y a 3 h": how long ago, in the largest unit that reads naturally. */
export function ageLabel(t: Translate, publishedAt: string | Date, now: Date): string {
  const ms = now.getTime() - new Date(publishedAt).getTime()
  if (ms < 60_000) return t('age.now')
  if (ms < HOUR) return t('age.minutes', { n: Math.floor(ms / 60_000) })
  if (ms < 48 * HOUR) return t('age.hours', { n: Math.floor(ms / HOUR) })
  return t('age.days', { n: Math.floor(ms / (24 * HOUR)) })
}

// Building an Intl formatter costs far more than using one: keep one per locale and style.
const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * A date and time as the locale writes it, in UTC (the server does not know the reader's zone), so a
 * time says "UTC" after it; or in a zone the page knows is its readers' (a sector's own).
 */
export function formatDate(
  locale: Locale,
  when: string | Date,
  withTime = true,
  timeZone = 'UTC',
): string {
  const key = `${locale}:${withTime}:${timeZone}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone,
    })
    formatters.set(key, f)
  }
  const text = f.format(new Date(when))
  return withTime && timeZone === 'UTC' ? `${text} UTC` : text
}

/**
 * A <time> element: the date as formatDate writes it, the exact ISO instant as its tooltip. The
 * browser, which knows its reader's time zone, writes it again in that zone (local-time.js).
 */
export function DateTime(p: { locale: Locale; when: string | Date; withTime?: boolean }) {
  const iso = new Date(p.when).toISOString()
  const withTime = p.withTime ?? true
  return (
    <time datetime={iso} title={iso} data-local={withTime ? 'datetime' : 'date'}>
      {formatDate(p.locale, p.when, withTime)}
    </time>
  )
}

/**
 * A translated sentence whose `{when}` is a time the browser rewrites in its own zone (DateTime),
 * rather than a date frozen in the server's UTC.
 */
export function WithTime(p: { sentence: string; when: string | Date; locale: Locale }) {
  const [before, after = ''] = p.sentence.split('{when}')
  return (
    <>
      {before}
      <DateTime locale={p.locale} when={p.when} />
      {after}
    </>
  )
}

/** A number as the locale writes it ("0,03" in French): web/i18n's, the one translations use. */
export { formatNumber } from '../../i18n/number.ts'

/** A score in [0, 1] as a whole number out of 100. */
export const scorePoints = (score: number) => Math.round(Math.max(0, Math.min(1, score)) * 100)

/**
 * A URL fit for an href: http(s) only. Feed data can carry `javascript:` or `data:` links, which
 * escaping alone does not neutralise in an attribute that the browser follows.
 */
export function safeHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined
  } catch {
    return undefined
  }
}

/** A query string from the non-empty values, with a leading "?" (or "" when nothing is left). */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

/** A language code as a short label ("FR", "EN"); unknown shows as "?". */
export const langLabel = (lang: string | null | undefined) =>
  lang ? lang.split(/[-_]/)[0]!.toUpperCase() : '?'
