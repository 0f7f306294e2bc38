import { escapeHtml, httpUrl, oneLine } from './escape.ts'
import { digestLabels } from './labels.ts'

/** New articles of a followed search, for the curator who asked to be alerted. */
export interface SearchAlert {
  query: string
  sectorName: string
  /** The curator's language (their account's): the email is written in it. */
  language: string
  items: { title: string; url: string; source: string; publishedAt: Date }[]
  /** How many were found in all (items holds the newest few). */
  total: number
  /** The search in Vigie, when VIGIE_PUBLIC_URL says where Vigie is. */
  searchUrl: string | null
}

const words = {
  fr: {
    subject: (q: string, n: number) =>
      `Vigie · « ${q} » : ${n} ${n > 1 ? 'nouveaux articles' : 'nouvel article'}`,
    intro: (q: string, sector: string) =>
      `Nouveaux articles pour la recherche suivie « ${q} » (${sector}) :`,
    more: (n: number) => `… et ${n} de plus.`,
    open: 'Ouvrir la recherche dans Vigie',
    why: 'Vous recevez cette alerte parce que vous l’avez demandée sur cette recherche ; le même bouton l’arrête.',
  },
  en: {
    subject: (q: string, n: number) => `Vigie · “${q}”: ${n} new article${n > 1 ? 's' : ''}`,
    intro: (q: string, sector: string) =>
      `New articles for the followed search “${q}” (${sector}):`,
    more: (n: number) => `… and ${n} more.`,
    open: 'Open the search in Vigie',
    why: 'You get this alert because you asked for it on this search; the same button stops it.',
  },
}

/** The alert as an email: subject, HTML and plain text. */
export function renderSearchAlert(alert: SearchAlert) {
  const l = digestLabels(alert.language)
  const w = l.lang === 'fr' ? words.fr : words.en
  const query = oneLine(alert.query)
  const date = (d: Date) =>
    d.toLocaleDateString(l.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' })
  const more = alert.total - alert.items.length
  const text = [
    w.intro(query, oneLine(alert.sectorName)),
    ...alert.items.map((i) =>
      [
        `- ${oneLine(i.title)}`,
        `  ${oneLine(i.source)} · ${date(i.publishedAt)}`,
        httpUrl(i.url) ? `  ${httpUrl(i.url)}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    more > 0 ? w.more(more) : '',
    alert.searchUrl ? `${w.open} : ${alert.searchUrl}` : '',
    `-- \n${w.why}`,
  ]
    .filter(Boolean)
    .join('\n\n')
  const link = (href: string | null, label: string) =>
    href ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label)
  const html = [
    `<!doctype html><html lang="${l.lang}"><head><meta charset="utf-8"><title>${escapeHtml(w.subject(query, alert.total))}</title></head><body>`,
    `<p>${escapeHtml(w.intro(query, oneLine(alert.sectorName)))}</p><ul>`,
    ...alert.items.map(
      (i) =>
        `<li>${link(httpUrl(i.url), oneLine(i.title))}<br><small>${escapeHtml(oneLine(i.source))} · ${escapeHtml(date(i.publishedAt))}</small></li>`,
    ),
    '</ul>',
    more > 0 ? `<p>${escapeHtml(w.more(more))}</p>` : '',
    alert.searchUrl ? `<p>${link(alert.searchUrl, w.open)}</p>` : '',
    `<p><small>${escapeHtml(w.why)}</small></p></body></html>`,
  ].join('')
  return { subject: w.subject(query, alert.total), html, text: text + '\n' }
}
