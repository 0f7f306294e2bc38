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

const pluralRules: Record<Locale, Intl.PluralRules> = {
  fr: new Intl.PluralRules('fr-FR'),
  en: new Intl.PluralRules('en-GB'),
}

/**
 * The translator of a locale; a missing key falls back to French, then to the key itself. Numbers
 * given as numbers are written as the locale writes them ("1 234,5" in French). A count `n` picks
 * the key's plural form where the dictionary has one (`key.one`: "1 sujet", "0 sujet", "1 story"),
 * by the language's own rules.
 */
export function translator(locale: Locale): Translate {
  const print = (v: string | number | undefined, k: string) =>
    v == null ? `{${k}}` : typeof v === 'number' ? formatNumber(locale, v) : v
  const dictionary = dictionaries[locale]
  return (key, vars) => {
    const n = vars?.n
    const form =
      typeof n === 'number' ? dictionary[`${key}.${pluralRules[locale].select(n)}`] : undefined
    const s = form ?? dictionary[key] ?? dictionaries.fr[key] ?? key
    return vars ? s.replace(/\{(\w+)\}/g, (_, k: string) => print(vars[k], k)) : s
  }
}

/** The locale a browser prefers among ours (French by default). */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'fr'
}
