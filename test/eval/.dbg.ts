import fs from 'node:fs'; import { gunzipSync } from 'node:zlib'
import { JSDOM } from 'jsdom'
const dir = '/work/shared/corpora/article-extraction-dev'
const id = process.argv[2]!
const html = gunzipSync(fs.readFileSync(`${dir}/html/${id}.html.gz`)).toString('utf8')
const { prepareHtml } = await import('../../src/extract/prepare-html.ts')
const doc = new JSDOM(prepareHtml(html).html).window.document
const total = doc.body.textContent!.length
const furniture = /^(?:.*[-_])?(?:share|sharing|sharedaddy|sharethis|addthis|social|socials|social-?links|newsletter|subscribe|subscription|signup|related|relatedposts|related-?posts|recommended|recirc|more-?stories|read-?more|read-?next|also-?read|comments?|commentlist|comment-?respond|disqus|author-?bio|author-?box|about-?(?:the-?)?author|breadcrumbs?|skip-?link|screen-reader-text|sr-only|visually-?hidden|cookie|cookies|gdpr|consent|advert|advertisement|ads?|ad-?slot|adsbygoogle|promo|sponsored|paywall|popup|modal|jp-relatedposts|yarpp|post-?navigation|nav-?links|pagination)(?:[-_].*)?$/
for (const el of doc.body.querySelectorAll('*')) {
  const words = `${el.getAttribute('class') ?? ''} ${el.id}`.toLowerCase().split(/\s+/)
  const hit = words.filter((w) => w.length > 1 && furniture.test(w))
  const len = el.textContent!.length
  if (hit.length && len > 0.05 * total) console.log(el.tagName, hit.join(','), (len / total).toFixed(2), el.getAttribute('class')?.slice(0, 80))
}
