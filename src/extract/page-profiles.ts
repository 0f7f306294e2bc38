import type { ProfileSignals } from './types.ts'

// A page lists a handful of these; a cap keeps a hostile page from bloating the article row.
const MAX_EACH = 20
const MAX_CHARS = 300

const clip = (list: (string | null | undefined)[]) =>
  [...new Set(list.map((v) => v?.trim() ?? '').filter((v) => v && v.length <= MAX_CHARS))].slice(
    0,
    MAX_EACH,
  )

function metaValues(doc: Document, key: string): string[] {
  return [...doc.querySelectorAll('meta[property], meta[name]')]
    .filter((el) => (el.getAttribute('property') ?? el.getAttribute('name'))!.toLowerCase() === key)
    .map((el) => el.getAttribute('content') ?? '')
}

// `a.href` resolves against the page's URL (the document takes the window's URL).
const linkTargets = (doc: Document, rel: string) =>
  [...doc.querySelectorAll(`a[rel~="${rel}" i][href], link[rel~="${rel}" i][href]`)].map(
    (el) => (el as HTMLAnchorElement).href,
  )

type Node = Record<string, unknown>

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null)
const strs = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).map(str).filter((s): s is string => s !== null)

function parse(block: string): unknown {
  try {
    return JSON.parse(block.trim().replace(/^<!--|-->$/g, ''))
  } catch {
    return null
  }
}

function ldAuthorsOf(blocks: string[]): ProfileSignals['ldAuthors'] {
  const nodes: Node[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      nodes.push(v as Node)
      walk((v as Node)['@graph'])
    }
  }
  blocks.forEach((b) => walk(parse(b)))
  const byId = new Map(nodes.filter((n) => typeof n['@id'] === 'string').map((n) => [n['@id'], n]))
  const out: ProfileSignals['ldAuthors'] = []
  for (const n of nodes) {
    for (const raw of [n.author, n.creator].flatMap((a) => (Array.isArray(a) ? a : [a]))) {
      const a =
        raw && typeof raw === 'object' ? ((byId.get((raw as Node)['@id']) ?? raw) as Node) : raw
      if (typeof a === 'string') out.push({ name: a.trim() || null, url: null, sameAs: [] })
      else if (a && typeof a === 'object')
        out.push({ name: str(a.name), url: str(a.url), sameAs: clip(strs(a.sameAs)) })
    }
  }
  const seen = new Set<string>()
  return out
    .filter((a) => (a.name || a.url) && !seen.has(JSON.stringify(a)) && seen.add(JSON.stringify(a)))
    .slice(0, MAX_EACH)
}

/** Reads rel=me and rel=author links, Twitter and fediverse meta, article:author and JSON-LD authors. */
export function readProfileSignals(doc: Document, jsonLd: string[]): ProfileSignals | null {
  const signals: ProfileSignals = {
    relMe: clip(linkTargets(doc, 'me')),
    relAuthor: clip(linkTargets(doc, 'author')),
    twitterCreator: clip(metaValues(doc, 'twitter:creator')),
    twitterSite: clip(metaValues(doc, 'twitter:site')),
    fediverseCreator: clip(metaValues(doc, 'fediverse:creator')),
    articleAuthor: clip(metaValues(doc, 'article:author')),
    ldAuthors: ldAuthorsOf(jsonLd),
  }
  return Object.values(signals).some((v) => v.length) ? signals : null
}
