const wordsPerMinute = 230

// A word is a run of letters, marks or digits, joined by inner hyphens or apostrophes
// ("community-manager", "aujourd'hui", "don't" are one word each).
const wordPattern = /[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*/gu
// French elision: the particle before the apostrophe is a word of its own ("l'article" is two).
const elision = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]\p{L}/iu

/** Counts words, Unicode-aware; a French elided article or pronoun counts as its own word. */
export function countWords(text: string): number {
  let count = 0
  for (const match of text.matchAll(wordPattern)) {
    count += 1
    if (elision.test(match[0])) count += 1
  }
  return count
}

/** Minutes to read that many words at about 230 per minute; at least 1 when there is any text. */
export function readingMinutes(wordCount: number): number {
  if (wordCount <= 0) return 0
  return Math.max(1, Math.round(wordCount / wordsPerMinute))
}
