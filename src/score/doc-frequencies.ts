import type { DocFrequencies } from './profile-match.ts'
import type { AnalyzedDoc } from './types.ts'

/**
 * Document frequencies of a sector's articles: overall (IDF for the profile match) and per
 * language (a term common within its language, "selon" or "said", marks the language, not a
 * topic, so learning ignores it).
 */
export function docFrequencies(docs: readonly AnalyzedDoc[]): DocFrequencies {
  const df = new Map<string, number>()
  const byLang: NonNullable<DocFrequencies['byLang']> = {}
  let bodyTerms = 0
  for (const d of docs) {
    const lang = (byLang[d.lang] ??= { docs: 0, df: new Map() })
    lang.docs++
    for (const t of new Set([...d.titleTerms, ...d.bodyTerms])) {
      df.set(t, (df.get(t) ?? 0) + 1)
      lang.df.set(t, (lang.df.get(t) ?? 0) + 1)
    }
    bodyTerms += d.bodyTerms.length
  }
  return { docs: docs.length, df, avgBodyTerms: bodyTerms / Math.max(1, docs.length), byLang }
}
