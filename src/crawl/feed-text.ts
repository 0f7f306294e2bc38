// Plain text from the HTML-ish strings feeds put in titles and summaries. Everything here is a
// single linear pass: feed text is untrusted and may be megabytes of broken markup.

// Named HTML entities for code points 160..255, in order (HTML 4 Latin-1 set).
const latin1Names =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 ' +
  'sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc ' +
  'Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve ' +
  'Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute ' +
  'acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ' +
  'ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml'

// prettier-ignore
const entities: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", OElig: 'Œ', oelig: 'œ', Scaron: 'Š',
  scaron: 'š', Yuml: 'Ÿ', circ: 'ˆ', tilde: '˜', ensp: ' ', emsp: ' ', thinsp: ' ', zwnj: '',
  zwj: '', lrm: '', rlm: '', ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', sbquo: '‚',
  ldquo: '“', rdquo: '”', bdquo: '„', dagger: '†', Dagger: '‡', bull: '•', hellip: '…',
  permil: '‰', prime: '′', Prime: '″', lsaquo: '‹', rsaquo: '›', euro: '€', trade: '™',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', hearts: '♥', check: '✓', laquo: '«', raquo: '»',
}
latin1Names.split(' ').forEach((name, i) => (entities[name] = String.fromCharCode(160 + i)))

function fromCodePoint(code: number): string {
  if (
    !Number.isFinite(code) ||
    code <= 0 ||
    code > 0x10ffff ||
    (code >= 0xd800 && code <= 0xdfff)
  ) {
    return '\uFFFD'
  }
  return String.fromCodePoint(code)
}

const entityOf = (name: string) => (Object.hasOwn(entities, name) ? entities[name] : undefined)

/** Decodes HTML character references; unknown names are left as written (never expanded). */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value
  return value.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/g,
    (all, ref) => {
      // Own names only: "&constructor;" must stay as written, not become Object's source.
      if (ref[0] !== '#') return entityOf(ref) ?? entityOf(ref.toLowerCase()) ?? all
      const hex = ref[1] === 'x' || ref[1] === 'X'
      return fromCodePoint(parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10))
    },
  )
}

/** Collapses runs of whitespace (including no-break spaces) to one space and trims. */
export function collapseWhitespace(value: string): string {
  return value.replace(/[\s\u00a0\u200b]+/g, ' ').trim()
}

const dropWithContent = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe'])
// Inline tags join words ("<em>censurer</em>." stays "censurer."); all others separate them.
const inline = new Set(
  'a abbr b bdi bdo cite code data dfn em font i ins del kbd mark q s samp small span strong sub sup time u var wbr'.split(
    ' ',
  ),
)

/** Visible text of an HTML fragment: tags removed, script/style dropped, entities decoded. */
export function htmlToText(html: string): string {
  if (!html.includes('<')) return collapseWhitespace(decodeEntities(html))
  const out: string[] = []
  const tag =
    /<(\/?)([a-zA-Z][\w:-]*)(?![\w:-])[^<>]*>|<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<[!?][^<>]*>/g
  let last = 0
  let match: RegExpExecArray | null
  while ((match = tag.exec(html))) {
    out.push(html.slice(last, match.index))
    last = tag.lastIndex
    if (match[3] !== undefined) out.push(match[3])
    const name = match[2]?.toLowerCase()
    if (!name) continue
    if (!inline.has(name)) out.push(' ')
    if (!match[1] && dropWithContent.has(name)) {
      const close = new RegExp(`</${name}\\s*>`, 'gi')
      close.lastIndex = last
      const end = close.exec(html)
      last = end ? close.lastIndex : html.length
      tag.lastIndex = last
    }
  }
  out.push(html.slice(last))
  return collapseWhitespace(decodeEntities(out.join('')))
}

/** Cuts text to at most `max` characters at a word boundary, marking the cut with an ellipsis. */
export function truncateText(value: string, max: number): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd() + '…'
}
