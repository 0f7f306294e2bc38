import { docVector } from './model.ts'
import type { DocFrequencies } from './profile-match.ts'
import type { AnalyzedDoc } from './types.ts'

/**
 * Document frequencies of a sector's articles: overall (IDF for the profile match) and per
 * language (a term common within its language, "selon" or "said", marks the language, not a
 * topic, so learning ignores it), and the sector's mean learning vector (the learned model's prior).
 */
export function docFrequencies(docs: readonly AnalyzedDoc[]): DocFrequencies {
  const counts = new DocFrequencyCounts()
  for (const d of docs) counts.add(d)
  return counts.frequencies()
}

// A centroid sum this small is what is left of a term's once its articles are gone (rounding).
const GONE = 1e-9

interface Counts {
  docs: number
  df: Map<string, number>
  /** Sums of the articles' learning vectors, term by term. */
  sums: Map<string, number>
}

/**
 * The counts behind docFrequencies, kept as articles come into a sector's window and leave it: a
 * crawl's pass counts its new articles, not the window's tens of thousands again.
 */
export class DocFrequencyCounts {
  private readonly all: Counts = { docs: 0, df: new Map(), sums: new Map() }
  private readonly byLang = new Map<string, Counts>()
  private bodyTerms = 0

  add(doc: AnalyzedDoc, sign: 1 | -1 = 1): void {
    let lang = this.byLang.get(doc.lang)
    if (!lang) this.byLang.set(doc.lang, (lang = { docs: 0, df: new Map(), sums: new Map() }))
    const vector = docVector(doc)
    const terms = new Set([...doc.titleTerms, ...doc.bodyTerms])
    for (const counts of [this.all, lang]) {
      counts.docs += sign
      for (const [t, v] of vector) {
        const sum = (counts.sums.get(t) ?? 0) + sign * v
        if (Math.abs(sum) < GONE) counts.sums.delete(t)
        else counts.sums.set(t, sum)
      }
      for (const t of terms) {
        const n = (counts.df.get(t) ?? 0) + sign
        if (n) counts.df.set(t, n)
        else counts.df.delete(t)
      }
    }
    this.bodyTerms += sign * doc.bodyTerms.length
  }

  remove(doc: AnalyzedDoc): void {
    this.add(doc, -1)
  }

  /** The frequencies of the articles counted now: copies, which later counts leave alone. */
  frequencies(): DocFrequencies {
    const mean = (c: Counts) => new Map([...c.sums].map(([t, v]) => [t, v / c.docs]))
    const byLang: NonNullable<DocFrequencies['byLang']> = {}
    for (const [lang, c] of this.byLang)
      if (c.docs)
        byLang[lang as keyof typeof byLang] = { docs: c.docs, df: new Map(c.df), centroid: mean(c) }
    return {
      docs: this.all.docs,
      centroid: mean(this.all),
      df: new Map(this.all.df),
      avgBodyTerms: this.bodyTerms / Math.max(1, this.all.docs),
      byLang,
    }
  }
}
