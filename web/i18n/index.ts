import { admin } from './admin.ts'
import { auth } from './auth.ts'
import { common } from './common.ts'
import { directory } from './directory.ts'
import { feeds } from './feeds.ts'
import { pages } from './pages.ts'
import { publicPage } from './public.ts'
import { reader } from './reader.ts'
import { reshare } from './reshare.ts'
import { reasons } from './reasons.ts'
import { formatNumber } from './number.ts'

export type Locale = 'fr' | 'en'
export const LOCALES: readonly Locale[] = ['fr', 'en']

// Every area's dictionary, merged. To add an area: a file exporting { fr: {...}, en: {...} }, listed here.
const areas = [common, pages, auth, admin, publicPage, reshare, directory, feeds, reader, reasons]

const dictionaries: Record<Locale, Record<string, string>> = {
  fr: Object.assign({}, ...areas.map((a) => a.fr)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string

/**
 * The translator of a locale; a missing key falls back to French, then to the key itself. Numbers
 * given as numbers are written as the locale writes them ("1 234,5" in French).
 */
export function translator(locale: Locale): Translate {
  const print = (v: string | number | undefined, k: string) =>
    v == null ? `{${k}}` : typeof v === 'number' ? formatNumber(locale, v) : v
  return (key, vars) => {
    const s = dictionaries[locale][key] ?? dictionaries.fr[key] ?? key
    return vars ? s.replace(/\{(\w+)\}/g, (_, k: string) => print(vars[k], k)) : s
  }
}

/** The locale a browser prefers among ours (French by default). */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'fr'
}
