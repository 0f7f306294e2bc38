import { escapeHtml, httpUrl, oneLine } from './escape.ts'
import { digestLabels, formatDay } from './labels.ts'
import type { Digest, DigestItem } from './types.ts'

// Mail clients drop <style> and external CSS (Gmail strips head styles in many views, Outlook renders
// with Word): everything is inline, laid out with tables, in fonts every client has.
const FONT = 'font-family:Arial,Helvetica,sans-serif;'
const MUTED = '#6b7280'
const INK = '#111827'

function paragraphs(text: string, style: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => `<p style="${style}">${escapeHtml(p.trim()).replace(/\r?\n/g, '<br>')}</p>`)
    .join('')
}

function itemRow(item: DigestItem, by: string): string {
  const title = escapeHtml(oneLine(item.title))
  const href = httpUrl(item.url)
  const heading = href
    ? `<a href="${escapeHtml(href)}" style="color:#1d4ed8;text-decoration:none;">${title}</a>`
    : title
  const meta = [oneLine(item.source), item.author ? `${by} ${oneLine(item.author)}` : '']
    .filter(Boolean)
    .map(escapeHtml)
    .join(' · ')
  const commentary = item.commentary.trim()
    ? paragraphs(
        item.commentary,
        `margin:8px 0 0;${FONT}font-size:14px;line-height:21px;color:${INK};`,
      )
    : ''
  return (
    `<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>` +
    `<td width="36" valign="top" style="${FONT}font-size:18px;line-height:22px;font-weight:bold;color:${MUTED};">${item.rank}</td>` +
    `<td valign="top" style="${FONT}">` +
    `<p style="margin:0;${FONT}font-size:16px;line-height:22px;font-weight:bold;color:${INK};">${heading}</p>` +
    `<p style="margin:4px 0 0;${FONT}font-size:13px;line-height:18px;color:${MUTED};">${meta}</p>` +
    commentary +
    `</td></tr></table></td></tr>`
  )
}

/** The digest as a complete HTML email: inline styles, table layout, no script, every text escaped. */
export function renderDigestHtml(digest: Digest): string {
  const l = digestLabels(digest.language)
  const date = formatDay(digest.day, l.locale)
  const intro = digest.items.length ? l.intro(date, digest.items.length) : l.empty
  const rows = digest.items.map((item) => itemRow(item, l.by)).join('\n')
  return `<!DOCTYPE html>
<html lang="${escapeHtml(l.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l.subject(date, oneLine(digest.sectorName)))}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid #e5e7eb;">
<tr><td style="padding:24px 24px 16px;">
<h1 style="margin:0;${FONT}font-size:22px;line-height:28px;color:${INK};">${escapeHtml(oneLine(digest.sectorName))}</h1>
<p style="margin:8px 0 0;${FONT}font-size:15px;line-height:21px;color:${INK};">${escapeHtml(intro)}</p>
</td></tr>
${rows}
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;${FONT}font-size:12px;line-height:16px;color:${MUTED};">${escapeHtml(l.footer)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`
}
