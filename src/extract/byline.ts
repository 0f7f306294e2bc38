// "Par Marie Dupont le 5 mars 2024", "By Jane Doe | March 5, 2024", "Publié par X, 12/03/2024 à 10h".
const prefix =
  /^\s*(?:(?:written|posted|published|publié|publiée|rédigé|rédigée|écrit|écrite)\s+)?(?:by|par)\s*:?\s+/i
const dateTail =
  /\s*(?:[,|•·–—-]\s*|\s+(?:le|on|am|el|il|op|em)\s+|\s+)(?:\d{1,2}(?:er)?\s+\p{L}+\.?\s+\d{4}|\p{L}+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d+\s*(?:min|minutes?)\b|(?:il y a|updated|mis à jour|publié|published)\b).*$/iu
const roleTail =
  /\s*[,|–—-]\s*(?:journaliste|rédact\w+|community manager|editor|reporter|staff writer|contributor|correspondent)\b.*$/iu

/** Cleans a byline or author name: no "By"/"Par" prefix, no date or reading time after it. */
export function cleanAuthor(value: string | null | undefined): string | null {
  if (!value) return null
  let s = value.replace(/\s+/g, ' ').trim()
  s = s.replace(prefix, '').replace(dateTail, '').replace(roleTail, '').trim()
  s = s.replace(/^[,|•·:–—-]+|[,|•·:–—-]+$/g, '').trim()
  if (!s || s.length > 80 || /\d/.test(s) || s.split(' ').length > 8) return null
  if (/^https?:\/\//i.test(s) || s.startsWith('@')) return null
  if (/^(?:mis à jour|updated|publié|published|posted|modifié|last updated)\b/iu.test(s))
    return null
  return s
}

/** The authors as one display string ("Jane Doe, John Roe"), cleaned and without duplicates. */
export function joinAuthors(names: (string | null | undefined)[]): string | null {
  const cleaned = [...new Set(names.map(cleanAuthor).filter((n): n is string => !!n))]
  return cleaned.length ? cleaned.join(', ') : null
}
