import { franc } from 'franc-min'

// The languages Vigie's curators read; restricting franc to them avoids wild guesses (Scots, Galician...).
const iso3to1: Record<string, string> = {
  fra: 'fr',
  eng: 'en',
  spa: 'es',
  deu: 'de',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
}
const candidates = Object.keys(iso3to1)
const minLetters = 60

/** Guesses the language of a text as an ISO 639-1 code, or null when it is too short to tell. */
export function detectLanguage(text: string): string | null {
  const sample = text.replace(/\s+/g, ' ').trim().slice(0, 4000)
  const letters = sample.match(/\p{L}/gu)?.length ?? 0
  if (letters < minLetters) return null
  const code = franc(sample, { only: candidates, minLength: minLetters })
  return iso3to1[code] ?? null
}

/** Normalises a declared language ('fr-FR', 'en_US', 'FR', 'fra') to ISO 639-1, or null if unusable. */
export function normalizeLang(value: string | null | undefined): string | null {
  if (!value) return null
  const primary =
    value
      .trim()
      .toLowerCase()
      .split(/[-_\s,;]/)[0] ?? ''
  if (/^[a-z]{2}$/.test(primary)) return primary
  if (/^[a-z]{3}$/.test(primary)) return iso3to1[primary] ?? null
  return null
}
