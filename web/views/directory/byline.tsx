export interface BylineAuthor {
  name: string
  /** The directory's person for this name on this source, when the directory has one. */
  personId: number | null
}

/**
 * A byline as the source wrote it ("Claire Dupont et Marc Petit"), each author the directory knows
 * linked to their entry; the text around the names (separators, "par") is kept as it was.
 */
export function Byline(p: { byline: string; authors?: BylineAuthor[] }) {
  const parts: unknown[] = []
  let at = 0
  for (const a of p.authors ?? []) {
    if (a.personId === null) continue
    const found = p.byline.indexOf(a.name, at)
    if (found < 0) continue
    parts.push(p.byline.slice(at, found))
    parts.push(
      <a class="author-link" href={`/directory/people/${a.personId}`}>
        {a.name}
      </a>,
    )
    at = found + a.name.length
  }
  parts.push(p.byline.slice(at))
  return <>{parts}</>
}

/**
 * A sentence around a byline ("par {author}"), the byline's known authors linked: the translated
 * text is split at its placeholder so that the link sits where the name goes.
 */
export function BylineIn(p: { template: string; byline: string; authors?: BylineAuthor[] }) {
  const at = p.template.indexOf('{author}')
  if (at < 0) return <>{p.template}</>
  return (
    <>
      {p.template.slice(0, at)}
      <Byline byline={p.byline} authors={p.authors} />
      {p.template.slice(at + '{author}'.length)}
    </>
  )
}
