// How to recognise one block of page furniture by its words. English and French first, with the
// few words other languages' templates share. Each rule also needs the block to be short.

export const blockTags = new Set([
  'P',
  'DIV',
  'LI',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'FIGURE',
  'FIGCAPTION',
  'PRE',
  'TABLE',
  'DL',
  'DT',
  'DD',
  'SECTION',
  'HEADER',
  'FOOTER',
  'UL',
  'OL',
  'ASIDE',
  'ARTICLE',
])

const noise = new RegExp(
  '^[\\s•·|–—-]*(?:skip to (?:main )?content|aller au contenu|advert(?:isement)?s?|publicité|sponsored|annonce|' +
    'iklan|this slideshow requires javascript|share(?: this(?: article| post| story)?)?|' +
    'partager(?: cet article| sur \\w+)?|print|imprimer|e-?mail|tweet|pin it|' +
    '\\d* ?comments?|\\d* ?commentaires?|no comments|post comment|leave a (?:reply|comment)|' +
    'laisser un commentaire|laisser une réponse|tell us what you think|tags?\\s*:|mots[- ]clés|' +
    'étiquettes|filed under|categor(?:y|ies)\\s*:|catégories?\\s*:|posted in|publié dans|sign in|' +
    'log in|se connecter|connexion|home|accueil|menu|close|fermer|caption|view|image \\d+ of|' +
    "photo \\d+ (?:of|sur)|listen to (?:this|the) (?:article|story)|écouter (?:cet|l')article)\\b",
  'iu',
)
const cookies =
  /\b(?:uses? cookies|utilise des cookies|utilisons des cookies|cookie policy|politique de cookies)\b/i
const months =
  'jan(?:uary|vier)?|feb(?:ruary)?|févr(?:ier)?|fev|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|' +
  'june?|juin|july?|juil(?:let)?|aug(?:ust)?|août|sept?(?:ember|embre)?|oct(?:ober|obre)?|' +
  'nov(?:ember|embre)?|dec(?:ember)?|déc(?:embre)?|janeiro|fevereiro|março|abril|maio|junho|julho|' +
  'agosto|setembro|outubro|novembro|dezembro|enero|febrero|marzo|mayo|junio|julio|septiembre|' +
  'octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|' +
  'dicembre|maret|mei|juni|juli|agustus|oktober|desember'
const dateLike = new RegExp(
  `\\b(?:\\d{1,2}(?:er|st|nd|rd|th)?\\.? (?:de )?(?:${months})\\.?,? (?:de )?\\d{4}|(?:${months})\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}|` +
    `(?:${months})\\.? \\d{1,2}\\b|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2})`,
  'iu',
)
const datelineStart =
  /^(?:posted|updated|published|first published|last updated|publié|publiée|mis à jour|modifié|le \d|by |par |written by|écrit par|rédigé par|tempo de leitura|temps de lecture|lecture\s*:|reading time|\d+ min(?:ute)?s? (?:read|de lecture))/iu
const credit =
  /(?:getty images|shutterstock|associated press|\bap photo|\breuters\b|\bafp\b|\bphoto\s*:|photo by|photo credit|image\s*:|image credit|\bcredit\b|crédit|©|\(c\) |istock|unsplash|archive photo|handout|personal archive|личный архив|bloomberg)/iu
const strongCredit =
  /(?:getty images|shutterstock|associated press|\bap photo|\bafp\b|©|istock|unsplash|^\(?(?:photo|image|credit|crédit)\s*:)/iu
// A caption set as a paragraph: "Protesters at the station (Image: Getty)".
const captionTail = /\((?:image|photo|picture|credit|crédit|source)\s*:[^)]*\)$/iu
const endMarker = new RegExp(
  '^(?:related(?: posts| articles| stories| content| reading)?|you (?:may|might) also (?:like|enjoy)|' +
    'more (?:great |from |on )?.{0,30}(?:stories|articles|news)|recommended(?: for you| reading)?|' +
    "read (?:more|next)|see more|don't miss|most (?:popular|read|viewed)|popular (?:this week|now|posts)|" +
    'recent (?:articles|posts|stories)|trending|latest (?:news|posts|stories)|à lire aussi|lire aussi|' +
    'à lire également|voir aussi|sur le même sujet|dans la même rubrique|articles? similaires|' +
    "vous aimerez aussi|ces articles|plus d'articles|newsletter|subscribe|sign up|get the latest|" +
    'abonnez-vous|inscrivez-vous|recevez|follow (?:us|me)|suivez-nous|about the author|' +
    "à propos de l'auteur|l'auteur|share|partager|comments?|commentaires?|leave a reply|" +
    'laisser un commentaire|have a tip|tell us|conversation|discussion)\\b',
  'iu',
)
const teaser =
  /^\[?\s*(?:read more|related|see also|also read|read also|more|lire aussi|à lire aussi|à lire également|à lire|voir aussi|read next|recommended|more from|see more|don't miss|do not miss|ne manquez pas|leia também|leia mais|lee también|vedi anche|lesen sie auch|subscribe|sign up|abonnez-vous|inscrivez-vous)\b\s*[:\-–—]?/iu

function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** Words in the element's text, split on whitespace. */
export function wordsOf(el: Element): number {
  const t = textOf(el)
  return t ? t.split(' ').length : 0
}

/** Share of the element's text that sits inside links. */
export function linkDensity(el: Element): number {
  const total = textOf(el).length
  if (!total) return 0
  let linked = 0
  for (const a of el.querySelectorAll('a')) linked += textOf(a).length
  return linked / total
}

/** Template words: "Advertisement", "Share", "12 comments", "Skip to content", cookie notices. */
export function isNoise(el: Element): boolean {
  const words = wordsOf(el)
  const text = textOf(el)
  return (words <= 12 && noise.test(text)) || (words <= 60 && cookies.test(text))
}

/** A short line that only dates or signs the article ("Updated Nov 19, 6:55 AM", "Par X, le 5 mars"). */
export function isDateline(el: Element): boolean {
  const words = wordsOf(el)
  const text = textOf(el)
  return words <= 14 && (dateLike.test(text) || datelineStart.test(text))
}

/** A photo credit ("Alex Wong | Getty Images", "(Image: © NASA)"). */
export function isCredit(el: Element): boolean {
  return wordsOf(el) <= 10 && credit.test(textOf(el))
}

/** A credit that cannot be a sentence of the story: in a figure, or naming a photo agency. */
export function isSureCredit(el: Element): boolean {
  const text = textOf(el)
  if (captionTail.test(text) && wordsOf(el) <= 30) return true
  if (wordsOf(el) > 10) return false
  return strongCredit.test(text) || (!!el.closest('figure, figcaption') && credit.test(text))
}

/** The heading of what follows a story: related links, newsletter box, comments. */
export function isEndMarker(el: Element): boolean {
  return wordsOf(el) <= 12 && endMarker.test(textOf(el))
}

/** A "Read more: <link>" or "Subscribe to ..." line set inside the story. */
export function isInlineTeaser(el: Element): boolean {
  const words = wordsOf(el)
  if (words > 30 || !teaser.test(textOf(el))) return false
  return words <= 3 || linkDensity(el) >= 0.3
}
