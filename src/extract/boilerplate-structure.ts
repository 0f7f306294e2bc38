import { linkDensity, wordsOf } from './boilerplate-rules.ts'

// Furniture that carries no class or id naming it, found by its shape alone: comment threads (a
// reply link per comment, a comment form, a "27 Commentaires" heading) and menus (lists of short
// links). Works on the whole page before Readability, so that neither the article nor the story
// fingerprints taken from its text ever see them.

const replyLink =
  /^(?:reply|répondre|repondre|answer|reply to this comment|répondre à ce commentaire)$/iu
const replyHref = /[?&]replytocom=|#respond$/i
const commentCount =
  /^[\s•·|–—-]*\d+\s+(?:comments?|commentaires?|réactions?|réponses?|replies|responses)(?:\s+(?:on|sur|to|à)\b.*)?$/iu
const commentPrompt =
  /^[\s•·|–—-]*(?:comments?|commentaires?|leave a (?:reply|comment)|post a comment|add a comment|add your comment|join the discussion|laisser un commentaire|laisser une réponse|ajouter un commentaire|écrire un commentaire|réagissez|réagir à cet article|donnez votre avis)\s*[:.!]?$/iu
// A menu item names a page in a few words; a sentence that links one of its words is not a menu,
// nor is a paragraph (a list of handles or of shop links can be the story's own).
const MENU_MIN_LINKS = 4
const MENU_MAX_WORDS_PER_LINK = 4
const MENU_MIN_LINK_DENSITY = 0.75
const menuTags = new Set(['UL', 'OL', 'NAV', 'DIV', 'TD', 'SECTION', 'FOOTER', 'ASIDE'])
// Never take away a block holding this share of the page's text: then it is the page.
const MAX_SHARE = 0.25

function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim()
}

function holdsStory(el: Element): boolean {
  return !!el.querySelector('h1, article, [itemprop="articleBody"]') || el.tagName === 'ARTICLE'
}

function isReplyLink(el: Element): boolean {
  if (replyLink.test(textOf(el))) return true
  return el.tagName === 'A' && replyHref.test(el.getAttribute('href') ?? '')
}

/** The lowest element holding every given one. */
function commonAncestor(els: Element[]): Element | null {
  let common: Element | null = els[0] ?? null
  for (const el of els.slice(1))
    while (common && !common.contains(el)) common = common.parentElement
  return common
}

/**
 * Comments: each child of the element holding every reply link that holds one is a comment; the
 * comment form (a form with a text area); and the headings that announce them.
 */
function commentBlocks(body: Element): Element[] {
  const out: Element[] = [...body.querySelectorAll('form')].filter(
    (f) => f.querySelector('textarea') && !holdsStory(f),
  )
  const replies = [...body.querySelectorAll('a, button')].filter(isReplyLink)
  const list = replies.length >= 2 ? commonAncestor(replies) : null
  if (list && list !== body) {
    const items = [...list.children].filter((c) => replies.some((r) => c.contains(r)))
    if (items.length >= 2) out.push(...items.filter((c) => !holdsStory(c)))
  }
  // From each text that reads like one, up to the largest element saying only that: one pass
  // over the text, not a text per element.
  const walker = body.ownerDocument.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim()
    if (!text || text.length > 120 || !(commentCount.test(text) || commentPrompt.test(text)))
      continue
    let el = node.parentElement
    while (el?.parentElement && el.parentElement !== body && textOf(el.parentElement) === text)
      el = el.parentElement
    if (!el || el === body) continue
    if (commentCount.test(text) || /^H[2-6]$/.test(el.tagName)) out.push(el)
  }
  return out
}

/** A block of short links and little else: a site menu, a footer's link list, a tag cloud. */
function isMenu(el: Element): boolean {
  if (!menuTags.has(el.tagName)) return false
  const links = [...el.querySelectorAll('a')].filter((a) => wordsOf(a) > 0)
  if (links.length < MENU_MIN_LINKS) return false
  if (wordsOf(el) > MENU_MAX_WORDS_PER_LINK * links.length * 1.5) return false
  if (linkDensity(el) < MENU_MIN_LINK_DENSITY) return false
  let linkWords = 0
  for (const a of links) linkWords += wordsOf(a)
  return linkWords / links.length <= MENU_MAX_WORDS_PER_LINK && !holdsStory(el)
}

/**
 * Removes the comment threads and menus under root (a page's body, a feed item's content), found
 * by structure; never a block holding the story.
 */
export function removeStructuralBoilerplate(root: Element | null): void {
  if (!root) return
  const total = textOf(root).length || 1
  const doomed: Element[] = []
  // A form or a mostly-linked navigation block is never the story, however long.
  const take = (el: Element, whatever = false) => {
    if (doomed.some((d) => d.contains(el))) return
    if (!whatever && textOf(el).length > MAX_SHARE * total) return
    doomed.push(el)
  }
  for (const el of commentBlocks(root)) take(el, el.tagName === 'FORM')
  for (const el of root.querySelectorAll('nav'))
    if (!holdsStory(el)) take(el, linkDensity(el) >= MENU_MIN_LINK_DENSITY)
  for (const el of root.querySelectorAll([...menuTags].join(','))) if (isMenu(el)) take(el)
  for (const el of doomed) el.remove()
}
