// npx tsx test/bench/listing.ts [--pages 60]: reading the blog page of a site without a feed (the
// articles it lists) per page, against the floor of parsing the same page with bare jsdom and
// listing its links. Pages are generated: 60-80 KB with styles, scripts, a 40-link menu, a sidebar
// of tags and 30 post cards.
import { parseArgs } from 'node:util'
import { JSDOM } from 'jsdom'
import { findListedArticles } from '../../src/extract/index.ts'
import { articleHtml, articleTitle } from './corpus.ts'
import { median } from './stats.ts'

const { values } = parseArgs({ options: { pages: { type: 'string', default: '60' } } })
const PAGES = Number(values.pages)
const CARDS = 30

// An article page of the corpus with its article replaced by the blog's list of posts.
function listingHtml(blog: number): string {
  const cards = Array.from(
    { length: CARDS },
    (_, i) =>
      `<article class="post"><h2><a href="/blog${blog}/post-${i}/">${articleTitle(blog, i)}</a></h2>` +
      `<time datetime="2026-11-${String(1 + (i % 20)).padStart(2, '0')}T08:00:00Z"></time>` +
      `<p>Résumé du billet ${i}.</p><a href="/blog${blog}/post-${i}/">Lire la suite</a></article>`,
  ).join('\n')
  const page = articleHtml('http://127.0.0.1', blog, 0)
  return page.replace(/<article>[\s\S]*<\/article>/, cards)
}

const pages = Array.from({ length: PAGES }, (_, i) => ({
  html: listingHtml(i),
  url: `http://127.0.0.1/blog${i}/`,
}))
const kb = median(pages.map((p) => p.html.length / 1024))

// Warm-up, then each page timed with both, one after the other.
for (const p of pages.slice(0, 5)) await findListedArticles(p.html, p.url)
const listing: number[] = []
const floor: number[] = []
let found = 0
for (const p of pages) {
  let t = performance.now()
  found += (await findListedArticles(p.html, p.url)).articles.length
  listing.push(performance.now() - t)
  t = performance.now()
  const dom = new JSDOM(p.html, { url: p.url })
  dom.window.document.querySelectorAll('a[href]').length
  dom.window.close()
  floor.push(performance.now() - t)
}
const ratio = median(listing) / median(floor)
console.log(
  `listing pages: ${PAGES} of ${kb.toFixed(0)} KB median, ${CARDS} posts each; found ${found} of ${PAGES * CARDS}`,
)
console.log(
  `  articles listed: ${median(listing).toFixed(1)} ms median per page; bare jsdom parse ${median(floor).toFixed(1)} ms; ratio ${ratio.toFixed(2)}`,
)
