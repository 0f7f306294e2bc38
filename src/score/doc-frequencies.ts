import { docVector } from './model.ts'
import type { DocFrequencies } from './profile-match.ts'
import type { AnalyzedDoc } from './types.ts'

/**
 * Document frequencies of a sector's articles: overall (IDF for the profile match) and per
 * language (a term common within its language, "selon" or "said", marks the language, not a
 * topic, so learning ignores it), and the sector's mean learning vector (the learned model's prior).
 */
export function docFrequencies(docs: readonly AnalyzedDoc[]): DocFrequencies {
  const df = new Map<string, number>()
  const byLang: NonNullable<DocFrequencies['byLang']> = {}
  const centroid = new Map<string, number>()
  let bodyTerms = 0
  for (const d of docs) {
    const lang = (byLang[d.lang] ??= { docs: 0, df: new Map(), centroid: new Map() })
    lang.docs++
    for (const [t, v] of docVector(d)) {
      centroid.set(t, (centroid.get(t) ?? 0) + v)
      lang.centroid!.set(t, (lang.centroid!.get(t) ?? 0) + v)
    }
    for (const t of new Set([...d.titleTerms, ...d.bodyTerms])) {
      df.set(t, (df.get(t) ?? 0) + 1)
      lang.df.set(t, (lang.df.get(t) ?? 0) + 1)
    }
    bodyTerms += d.bodyTerms.length
  }
  for (const [t, v] of centroid) centroid.set(t, v / docs.length)
  for (const lang of Object.values(byLang))
    for (const [t, v] of lang.centroid!) lang.centroid!.set(t, v / lang.docs)
  return {
    docs: docs.length,
    centroid,
    df,
    avgBodyTerms: bodyTerms / Math.max(1, docs.length),
    byLang,
  }
}
