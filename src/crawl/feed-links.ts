import { attr, children, text } from './xml-node.ts'

/** An absolute http(s) URL from a possibly relative href, or null (javascript:, mailto:, junk). */
export function resolveHttpUrl(
  href: string | null | undefined,
  base: string | null,
): string | null {
  const value = href?.trim()
  if (!value || value.length > 4096) return null
  let url: URL | null = null
  try {
    url = new URL(value, base ?? undefined)
  } catch {
    try {
      url = new URL(value)
    } catch {
      return null
    }
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
}

/** The base URL for an element: its xml:base resolved against the parent's base. */
export function baseOf(node: unknown, parentBase: string | null): string | null {
  const own = attr(node, 'xml:base')?.trim()
  if (!own) return parentBase
  try {
    return new URL(own, parentBase ?? undefined).href
  } catch {
    return parentBase
  }
}

// Links that never point at the article itself.
// prettier-ignore
const notArticle = new Set([
  'self', 'edit', 'edit-media', 'replies', 'enclosure', 'license', 'hub', 'next', 'previous',
  'prev', 'first', 'last', 'service.post', 'service.edit', 'service.feed', 'search', 'payment',
])

interface LinkCandidate {
  href: string
  rel: string
  type: string
}

function candidates(node: unknown, key: string, base: string | null): LinkCandidate[] {
  return children(node, key).flatMap((link) => {
    // RSS: <link>url</link>; Atom: <link href rel type/>; some feeds mix both.
    const raw = attr(link, 'href') ?? text(link)
    const href = resolveHttpUrl(raw, baseOf(link, base))
    if (!href) return []
    return [
      {
        href,
        rel: (attr(link, 'rel') ?? 'alternate').toLowerCase(),
        type: attr(link, 'type') ?? '',
      },
    ]
  })
}

function score(c: LinkCandidate): number {
  if (notArticle.has(c.rel)) return -1
  if (c.rel !== 'alternate') return 1
  return /html/i.test(c.type) || !c.type ? 3 : 2
}

/**
 * The link of an item or channel: feedburner's original link first, then the best of <link>
 * and <atom:link> (an alternate HTML link before other rels; self/edit/replies never).
 */
export function pickLink(node: unknown, base: string | null): string | null {
  const original = resolveHttpUrl(text(children(node, 'feedburner:origLink')[0]), base)
  if (original) return original
  const all = [...candidates(node, 'link', base), ...candidates(node, 'atom:link', base)]
  let best: LinkCandidate | null = null
  for (const c of all) if (score(c) > 0 && (!best || score(c) > score(best))) best = c
  return best?.href ?? null
}
