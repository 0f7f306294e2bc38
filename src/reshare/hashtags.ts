// French elisions ("l'algorithme") would glue a stray capital to the tag: #LAlgorithme.
const elision = /^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]/iu

/** A sector term as a hashtag: 'community management' -> '#CommunityManagement'; null if unusable. */
export function formatHashtag(term: string): string | null {
  const words = term
    .normalize('NFC')
    .replace(/^[#＃]+/u, '')
    .split(/[\s\-–—_/.,;:!?&+()[\]"«»“”]+/u)
    .map((w) => w.replace(elision, '').replace(/[^\p{L}\p{M}\p{N}]/gu, ''))
    .filter(Boolean)
  // Capitals already in a word are the author's ("TikTok", "IA"): only the first letter is raised.
  const tag = words.map((w) => w.charAt(0).toLocaleUpperCase('fr') + w.slice(1)).join('')
  if (!tag || /^\p{N}+$/u.test(tag)) return null
  return `#${tag}`
}

/** Hashtags for a post: formatted, duplicates dropped (case and accents aside), at most `max`. */
export function formatHashtags(terms: readonly string[], max = Infinity): string[] {
  const seen = new Set<string>()
  const tags: string[] = []
  for (const term of terms) {
    if (tags.length >= max) break
    const tag = formatHashtag(term)
    if (!tag) continue
    const key = tag.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    tags.push(tag)
  }
  return tags
}
