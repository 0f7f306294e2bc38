import { clip, escapeHtml, httpUrl, oneLine } from './escape.ts'

// An excerpt is a hint of what the article says, not the article: about three lines.
const EXCERPT_CHARS = 220
import { digestLabels } from './labels.ts'

/** New articles of a followed search. */
export interface SearchAlertSection {
  query: string
  sectorName: string
  /** The newest few; `excerpt`: the article's summary, shown cut to a few lines. */
  items: {
    title: string
    url: string
    source: string
    publishedAt: Date
    excerpt?: string | null
  }[]
  /** How many were found in all (items holds the newest few). */
  total: number
  /** The search in Vigie, when VIGIE_PUBLIC_URL says where Vigie is. */
  searchUrl: string | null
}

/** One email to a curator: the new articles of each of their alerted searches that found some. */
export interface SearchAlert {
  /** The curator's language (their account's): the email is written in it. */
  language: string
  searches: SearchAlertSection[]
  /** The curator's page of alerts, when VIGIE_PUBLIC_URL says where Vigie is. */
  alertsUrl?: string | null
  /** A link that stops the alerts of this email, without signing in. */
  stopUrl?: string | null
}

const words = {
  fr: {
    subject: (q: string, n: number) =>
      `Vigie · « ${q} » : ${n} ${n > 1 ? 'nouveaux articles' : 'nouvel article'}`,
    subjectMany: (searches: number, n: number) =>
      `Vigie · ${searches} recherches suivies : ${n} ${n > 1 ? 'nouveaux articles' : 'nouvel article'}`,
    intro: (q: string, sector: string) =>
      `Nouveaux articles pour la recherche suivie « ${q} » (${sector}) :`,
    more: (n: number) => `… et ${n} de plus.`,
    open: 'Ouvrir la recherche dans Vigie :',
    why: 'Vous recevez cette alerte parce que vous l’avez demandée sur cette recherche ; le même bouton l’arrête.',
    manage: 'Fréquence ou arrêt de vos alertes :',
    stop: 'Arrêter ces alertes :',
  },
  en: {
    subject: (q: string, n: number) => `Vigie · “${q}”: ${n} new article${n > 1 ? 's' : ''}`,
    subjectMany: (searches: number, n: number) =>
      `Vigie · ${searches} followed searches: ${n} new article${n > 1 ? 's' : ''}`,
    intro: (q: string, sector: string) =>
      `New articles for the followed search “${q}” (${sector}):`,
    more: (n: number) => `… and ${n} more.`,
    open: 'Open the search in Vigie:',
    why: 'You get this alert because you asked for it on this search; the same button stops it.',
    manage: 'How often, or stop your alerts:',
    stop: 'Stop these alerts:',
  },
}

/** The alert as an email: subject, HTML and plain text, a section per search. */
export function renderSearchAlert(alert: SearchAlert) {
  const l = digestLabels(alert.language)
  const w = l.lang === 'fr' ? words.fr : words.en
  const date = (d: Date) =>
    d.toLocaleDateString(l.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' })
  const total = alert.searches.reduce((n, s) => n + s.total, 0)
  const subject =
    alert.searches.length === 1
      ? w.subject(oneLine(alert.searches[0]!.query), total)
      : w.subjectMany(alert.searches.length, total)
  const link = (href: string | null, label: string) =>
    href ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label)
  // The text's "label: url" lines are links in the HTML, named by the label without its colon.
  const linkNamed = (href: string, label: string) => link(href, label.replace(/ ?:$/, ''))

  const text: string[] = []
  const html = [
    `<!doctype html><html lang="${l.lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
  ]
  for (const s of alert.searches) {
    const intro = w.intro(oneLine(s.query), oneLine(s.sectorName))
    const more = s.total - s.items.length
    const items = s.items.map((i) => ({
      ...i,
      url: httpUrl(i.url),
      excerpt: i.excerpt ? clip(i.excerpt, EXCERPT_CHARS) : '',
    }))
    text.push(
      intro,
      ...items.map((i) =>
        [
          `- ${oneLine(i.title)}`,
          `  ${oneLine(i.source)} · ${date(i.publishedAt)}`,
          i.excerpt && `  ${i.excerpt}`,
          i.url && `  ${i.url}`,
        ]
          .filter(Boolean)
          .join('\n'),
      ),
      more > 0 ? w.more(more) : '',
      s.searchUrl ? `${w.open} ${s.searchUrl}` : '',
    )
    html.push(
      `<p>${escapeHtml(intro)}</p><ul>`,
      ...items.map(
        (i) =>
          `<li>${link(i.url, oneLine(i.title))}<br><small>${escapeHtml(oneLine(i.source))} · ${escapeHtml(date(i.publishedAt))}</small>${i.excerpt && `<br>${escapeHtml(i.excerpt)}`}</li>`,
      ),
      '</ul>',
      more > 0 ? `<p>${escapeHtml(w.more(more))}</p>` : '',
      s.searchUrl ? `<p>${linkNamed(s.searchUrl, w.open)}</p>` : '',
    )
  }
  const footer = [
    [alert.alertsUrl, w.manage],
    [alert.stopUrl, w.stop],
  ].filter((l): l is [string, string] => !!l[0])
  text.push(`-- \n${[w.why, ...footer.map(([url, name]) => `${name} ${url}`)].join('\n')}`)
  html.push(
    `<p><small>${[escapeHtml(w.why), ...footer.map(([url, name]) => linkNamed(url, name))].join('<br>')}</small></p></body></html>`,
  )
  return { subject, html: html.join(''), text: text.filter(Boolean).join('\n\n') + '\n' }
}
