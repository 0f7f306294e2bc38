/** Collapses whitespace; null for empty. */
export function cleanText(value: string | null | undefined): string | null {
  const s = value?.replace(/\s+/g, ' ').trim()
  return s ? s : null
}

/** The first value that parses as a plausible publication date, as ISO 8601. */
export function firstDate(
  values: (string | Date | null | undefined)[],
  now = Date.now(),
): string | null {
  for (const v of values) {
    if (!v) continue
    const d = v instanceof Date ? v : parseDate(v)
    if (!d || Number.isNaN(d.getTime())) continue
    // A date before the web or days in the future is a template default or a typo.
    if (d.getUTCFullYear() < 1990 || d.getTime() > now + 2 * 86_400_000) continue
    return d.toISOString()
  }
  return null
}

function parseDate(value: string): Date | null {
  const s = value.trim()
  // 20240305 or 20240305T101500: compact ISO that Date does not read.
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?$/.exec(s)
  if (compact) {
    const [, y, mo, d, h = '00', mi = '00', se = '00'] = compact
    return new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}Z`)
  }
  if (/^\d{10}$/.test(s)) return new Date(Number(s) * 1000)
  if (/^\d{13}$/.test(s)) return new Date(Number(s))
  // "2024-03-05 10:15:00" lacks the T that some engines require.
  const d = new Date(s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'))
  return Number.isNaN(d.getTime()) ? null : d
}

/** The first value that resolves to an absolute http(s) URL against the page. */
export function firstWebUrl(values: (string | null | undefined)[], base: string): string | null {
  for (const v of values) {
    if (!v || !v.trim() || /^data:/i.test(v.trim())) continue
    try {
      const u = new URL(v.trim(), base)
      if (u.protocol === 'http:' || u.protocol === 'https:') return u.href
    } catch {
      continue
    }
  }
  return null
}

/** Cuts a text at a word boundary near max characters, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '') + '…'
}

/** Escapes text for use inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Paragraphs of a plain text as HTML. */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n')
}
