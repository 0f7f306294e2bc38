/** What the page's JSON-LD says about its article (schema.org Article and its kin). */
export interface LdArticle {
  headline: string | null
  authors: string[]
  datePublished: string | null
  image: string | null
  articleBody: string | null
  inLanguage: string | null
  publisherName: string | null
  description: string | null
}

type Node = Record<string, unknown>

const articleType =
  /^(?:\w+)?(?:Article|BlogPosting|Posting|Report|Review|Recipe|HowTo)$|^(?:LiveBlogPosting|Blog)$/
const pageType = /^(?:WebPage|ItemPage|AboutPage|CollectionPage)$/

function parseBlock(text: string): unknown {
  const cleaned = text
    .trim()
    .replace(/^<!\[CDATA\[|\]\]>$/g, '')
    .replace(/^<!--|-->$/g, '')
  try {
    return JSON.parse(cleaned)
  } catch {
    // Raw newlines and tabs inside strings are the usual breakage in hand-written JSON-LD.
    try {
      return JSON.parse(cleaned.replace(/[\u0000-\u001f]+/g, ' '))
    } catch {
      return null
    }
  }
}

function collectNodes(value: unknown, out: Node[]): void {
  if (Array.isArray(value)) {
    for (const v of value) collectNodes(v, out)
  } else if (value && typeof value === 'object') {
    const node = value as Node
    out.push(node)
    if (node['@graph']) collectNodes(node['@graph'], out)
    if (node.mainEntity) collectNodes(node.mainEntity, out)
  }
}

function types(node: Node): string[] {
  const t = node['@type']
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string')
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null
  if (Array.isArray(value)) return text(value[0])
  if (value && typeof value === 'object' && '@value' in value)
    return text((value as Node)['@value'])
  return null
}

/** Reads the Article-like node of the page's JSON-LD blocks, following @graph and @id links. */
export function readJsonLd(blocks: string[]): LdArticle | null {
  const nodes: Node[] = []
  for (const block of blocks) collectNodes(parseBlock(block), nodes)
  if (!nodes.length) return null
  const byId = new Map<string, Node>()
  for (const n of nodes)
    if (typeof n['@id'] === 'string' && Object.keys(n).length > 1) byId.set(n['@id'], n)
  const resolve = (v: unknown): unknown => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const id = (v as Node)['@id']
      if (typeof id === 'string' && Object.keys(v).length === 1) return byId.get(id) ?? v
    }
    return v
  }
  const article = nodes.find((n) => types(n).some((t) => articleType.test(t)))
  const page = nodes.find((n) => types(n).some((t) => pageType.test(t)))
  const main = article ?? page
  if (!main) return null
  const pick = (key: string) => main[key] ?? (article && page ? page[key] : undefined)

  const names = (v: unknown): string[] => {
    const list = Array.isArray(v) ? v : v == null ? [] : [v]
    return list.flatMap((item) => {
      const r = resolve(item)
      if (typeof r === 'string') return [r]
      if (r && typeof r === 'object') return names((r as Node).name ?? null).slice(0, 1)
      return []
    })
  }
  const imageUrl = (v: unknown): string | null => {
    const r = resolve(Array.isArray(v) ? v[0] : v)
    if (typeof r === 'string') return r
    if (r && typeof r === 'object') return text((r as Node).url) ?? text((r as Node).contentUrl)
    return null
  }
  const publisher = resolve(pick('publisher'))
  return {
    headline: text(main.headline) ?? text(main.name),
    authors: names(pick('author') ?? pick('creator'))
      .map((a) => a.trim())
      .filter((a) => a && !/^https?:\/\//i.test(a)),
    datePublished: text(pick('datePublished')) ?? text(pick('dateCreated')),
    image: imageUrl(pick('image') ?? pick('thumbnailUrl')),
    articleBody: article ? text(article.articleBody) : null,
    inLanguage: text(pick('inLanguage')),
    publisherName:
      publisher && typeof publisher === 'object' ? text((publisher as Node).name) : null,
    description: text(main.description),
  }
}
