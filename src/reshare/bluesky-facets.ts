import { findHandles, findLinks, findTags, type Span } from './links.ts'

// app.bsky.richtext.facet: a feature over a byte range of the UTF-8 text, end exclusive.
export type FacetFeature =
  | { $type: 'app.bsky.richtext.facet#link'; uri: string }
  | { $type: 'app.bsky.richtext.facet#mention'; did: string }
  | { $type: 'app.bsky.richtext.facet#tag'; tag: string }

export interface Facet {
  index: { byteStart: number; byteEnd: number }
  features: FacetFeature[]
}

/** A handle's DID, or null when the handle does not resolve (the mention then stays plain text). */
export type HandleResolver = (handle: string) => Promise<string | null>

/** The UTF-8 byte offset of a UTF-16 index: what atproto facets count in. */
export function utf8Offset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8')
}

/**
 * Link, mention and hashtag facets of a post's text. Links keep their full URL in the text (the
 * facet points at it); each distinct handle is resolved once.
 */
export async function detectFacets(text: string, resolve: HandleResolver): Promise<Facet[]> {
  const links = findLinks(text)
  // A handle or a hashtag inside a link ("…/tags#x") belongs to the link, not to a facet of its own.
  const free = (span: Span) => !links.some((l) => span.start < l.end && l.start < span.end)
  const facets: (Span & { feature: FacetFeature })[] = links.map((link) => ({
    ...link,
    feature: { $type: 'app.bsky.richtext.facet#link', uri: link.value },
  }))
  const dids = new Map<string, string | null>()
  for (const mention of findHandles(text).filter(free)) {
    if (!dids.has(mention.value)) dids.set(mention.value, await resolve(mention.value))
    const did = dids.get(mention.value)
    if (did) facets.push({ ...mention, feature: { $type: 'app.bsky.richtext.facet#mention', did } })
  }
  for (const tag of findTags(text).filter(free))
    facets.push({ ...tag, feature: { $type: 'app.bsky.richtext.facet#tag', tag: tag.value } })
  const kept = facets.sort((a, b) => a.start - b.start)
  return kept.map((f) => ({
    index: { byteStart: utf8Offset(text, f.start), byteEnd: utf8Offset(text, f.end) },
    features: [f.feature],
  }))
}
