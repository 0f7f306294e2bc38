import { DateTime } from 'luxon'

interface Labels {
  intro(date: string, count: number): string
  empty: string
  subject(date: string, sector: string): string
  by: string
  footer: string
}

const labels: Record<string, Labels> = {
  fr: {
    intro: (date, n) =>
      `Sélection du ${date} : ${n} article${n > 1 ? 's' : ''} retenu${n > 1 ? 's' : ''}.`,
    empty: 'Pas de sélection pour ce jour.',
    subject: (date, sector) => `${sector} : sélection du ${date}`,
    by: 'par',
    footer: 'Envoyé par Vigie',
  },
  en: {
    intro: (date, n) => `Selection for ${date}: ${n} article${n > 1 ? 's' : ''}.`,
    empty: 'No selection for this day.',
    subject: (date, sector) => `${sector}: selection for ${date}`,
    by: 'by',
    footer: 'Sent by Vigie',
  },
}

/** The digest's words in the sector's language (its base: en-GB is en), English when not translated. */
export function digestLabels(language: string) {
  const base = language.toLowerCase().split(/[-_]/)[0] ?? 'en'
  const locale = base in labels ? language : 'en'
  const words = labels[base] ?? labels.en!
  return { locale, lang: locale.split(/[-_]/)[0]!, ...words }
}

/** "dimanche 29 mars 2026", "Sunday, March 29, 2026": the calendar day itself, whatever the zone. */
export function formatDay(day: string, locale: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' })
    .setLocale(locale)
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
}
