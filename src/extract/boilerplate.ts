import {
  blockTags,
  isCredit,
  isDateline,
  isEndMarker,
  isInlineTeaser,
  isNoise,
  isSureCredit,
  linkDensity,
  wordsOf,
} from './boilerplate-rules.ts'
import { removeStructuralBoilerplate } from './boilerplate-structure.ts'

// Class or id words of page furniture: share bars, newsletter boxes, related posts, comment areas.
const furniture =
  /^(?:.*[-_])?(?:share|sharing|sharedaddy|sharethis|addthis|social|socials|social-?links|newsletter|subscribe|subscription|signup|related|relatedposts|related-?posts|recommended|recirc|more-?stories|read-?more|read-?next|also-?read|comments?|commentlist|comment-?respond|disqus|author-?bio|author-?box|about-?(?:the-?)?author|breadcrumbs?|skip-?link|screen-reader-text|sr-only|visually-?hidden|cookie|cookies|gdpr|consent|advert|advertisement|ads?|ad-?slot|adsbygoogle|promo|sponsored|paywall|popup|modal|jp-relatedposts|yarpp|post-?navigation|nav-?links|pagination)(?:[-_].*)?$/
// Words of the wrappers that hold the story itself ("entry-content-read-more" is not a read-more box).
const storyWord = /(?:^|[-_])(?:content|entry|body|main|story|text)(?:$|[-_])/
const furnitureRoles = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'search',
  'dialog',
  'alert',
  'complementary',
])
const keepTags = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE'])

function isFurniture(el: Element): boolean {
  if (keepTags.has(el.tagName)) return false
  const role = el.getAttribute('role')
  if (role && furnitureRoles.has(role.toLowerCase())) return true
  const words = `${el.getAttribute('class') ?? ''} ${el.id}`.toLowerCase().split(/\s+/)
  return words.some((w) => w.length > 1 && furniture.test(w) && !storyWord.test(w))
}

/**
 * Removes page furniture that Readability tends to keep (share bars, newsletter boxes, related
 * posts, comments), judged by class, id and role, then by structure (comment threads, menus);
 * never a block that holds much of the page's text.
 */
export function removeBoilerplate(doc: Document): void {
  const body = doc.body
  if (!body) return
  removeStructuralBoilerplate(body)
  const total = (body.textContent ?? '').length || 1
  const doomed: Element[] = []
  for (const el of body.querySelectorAll('*')) {
    if (!isFurniture(el)) continue
    if (doomed.some((d) => d.contains(el))) continue
    if (el.querySelector('article, [itemprop="articleBody"], h1')) continue
    if ((el.textContent ?? '').length > 0.25 * total) continue
    doomed.push(el)
  }
  for (const el of doomed) el.remove()
}

/** The innermost blocks of the article, in reading order. */
function leafBlocks(root: Element): Element[] {
  const all = [...root.querySelectorAll([...blockTags].join(','))]
  return all.filter((el) => !el.querySelector([...blockTags].join(',')) && wordsOf(el) > 0)
}

function removeWithEmptyParents(el: Element, root: Element): void {
  let node: Element | null = el
  while (node && node !== root) {
    const parent: Element | null = node.parentElement
    node.remove()
    node =
      parent &&
      parent !== root &&
      !(parent.textContent ?? '').trim() &&
      !parent.querySelector('img')
        ? parent
        : null
  }
}

/**
 * Trims what sits around the story inside the article Readability picked: datelines, credits,
 * navigation crumbs at the top; related links, newsletter and comment prompts at the bottom; and
 * "Read more: ..." teasers anywhere. Never takes away more than a third of the words.
 */
export function trimArticleEdges(article: Element): void {
  const blocks = leafBlocks(article)
  const totalWords = blocks.reduce((n, b) => n + wordsOf(b), 0)
  if (!blocks.length || totalWords === 0) return
  const doomed = new Set<Element>()

  for (const b of blocks) {
    const isHeading = /^H[1-6]$/.test(b.tagName)
    const startNoise =
      isNoise(b) || isDateline(b) || isCredit(b) || (linkDensity(b) > 0.5 && wordsOf(b) <= 30)
    if (!(startNoise || (!isHeading && wordsOf(b) <= 2))) break
    doomed.add(b)
  }
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!
    if (doomed.has(b)) break
    const endNoise =
      isNoise(b) ||
      isEndMarker(b) ||
      isCredit(b) ||
      isDateline(b) ||
      linkDensity(b) > 0.5 ||
      wordsOf(b) <= 3
    if (!endNoise) break
    doomed.add(b)
  }
  for (const b of blocks) if (isInlineTeaser(b) || isSureCredit(b)) doomed.add(b)

  const removedWords = [...doomed].reduce((n, b) => n + wordsOf(b), 0)
  if (removedWords > totalWords / 3) return
  for (const b of doomed) removeWithEmptyParents(b, article)
}
