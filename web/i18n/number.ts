import type { Locale } from './index.ts'

// One formatter per locale and precision: building an Intl.NumberFormat costs far more than using one.
const formats = new Map<string, Intl.NumberFormat>()

/**
 * A number as the page's language writes it: "12 345,5" in French, "12,345.5" in English. With
 * `digits`, exactly that many decimals; without, whole numbers stay whole and others get up to two.
 */
export function formatNumber(locale: Locale, n: number, digits?: number): string {
  const key = `${locale}:${digits ?? ''}`
  let f = formats.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
      minimumFractionDigits: digits ?? 0,
      maximumFractionDigits: digits ?? 2,
    })
    formats.set(key, f)
  }
  return f.format(n)
}

/**
 * A number for a form field in the page's language: its decimal mark ("0,15" in French) but no
 * grouping, so that the value reads back as typed.
 */
export function formatFieldNumber(locale: Locale, n: number): string {
  return locale === 'fr' ? String(n).replace('.', ',') : String(n)
}
