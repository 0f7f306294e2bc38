// A generated local corpus for benchmarks: blogs with feeds and article pages of realistic size
// (inline styles and scripts, navigation, sidebars, comments), made on the fly from a seed.

const fr = {
  subjects: ['Le community manager', 'La marque', 'Notre équipe', 'Chaque créateur', 'Une communauté engagée', 'Le service client', 'La page entreprise', 'Un bon curateur'],
  verbs: ['publie', 'anime', 'analyse', 'partage', 'modère', 'mesure', 'planifie', 'commente', 'sélectionne'],
  objects: ['des contenus utiles', 'les tendances de LinkedIn', 'un calendrier éditorial', 'les avis des clients', 'une veille quotidienne', 'les statistiques d’engagement', 'des vidéos courtes', 'les questions des abonnés'],
  tails: ['chaque matin', 'sans perdre son ton', 'pour gagner en visibilité', 'avec une charte claire', 'depuis le début de l’année', 'en citant ses sources', 'sur Instagram et TikTok'],
}
const en = {
  subjects: ['The social media team', 'Every brand', 'A niche creator', 'Our community', 'The curator', 'Customer care'],
  verbs: ['publishes', 'moderates', 'measures', 'shares', 'schedules', 'answers'],
  objects: ['short videos', 'community questions', 'engagement metrics', 'a content calendar', 'industry news', 'user reviews'],
  tails: ['every morning', 'on LinkedIn', 'without losing its voice', 'with clear guidelines', 'across platforms'],
}

/** A small deterministic PRNG (mulberry32), so the corpus is the same on every run. */
export function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)]!

// A large vocabulary with a Zipf-like frequency, as in real prose: content words made of syllables,
// real function words between them, and the sector's own terms now and then.
const syllables = ['ba', 'ci', 'do', 'fu', 'ga', 'li', 'mo', 'ne', 'pa', 'ri', 'so', 'tu', 'va', 'zé', 'ran', 'tion', 'ment', 'eur', 'ique', 'age']
const vocabulary = Array.from({ length: 20_000 }, (_, i) => {
  let w = ''
  for (let n = i + 7; w.length < 4 || n > 0; n = Math.floor(n / syllables.length)) w += syllables[n % syllables.length]
  return w
})
const functionWords = {
  fr: ['le', 'la', 'les', 'de', 'des', 'et', 'à', 'un', 'une', 'pour', 'dans', 'sur', 'avec', 'que', 'qui', 'est', 'sont', 'plus'],
  en: ['the', 'a', 'of', 'and', 'to', 'in', 'for', 'on', 'with', 'that', 'is', 'are', 'more', 'by'],
}
const sectorWords = ['community manager', 'réseaux sociaux', 'engagement', 'LinkedIn', 'Instagram', 'TikTok', 'influenceurs', 'modération', 'social media', 'contenu', 'audience', 'marque']

function zipfWord(r: () => number) {
  return vocabulary[Math.floor(vocabulary.length * Math.pow(r(), 2.2))]!
}

function sentence(r: () => number, lang: 'fr' | 'en') {
  const n = 8 + Math.floor(r() * 16)
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const x = r()
    out.push(x < 0.4 ? pick(r, functionWords[lang]) : x < 0.43 ? pick(r, sectorWords) : x < 0.45 ? pick(r, [...fr.objects, ...en.objects]) : zipfWord(r))
  }
  const s = out.join(' ')
  return s[0]!.toUpperCase() + s.slice(1) + '.'
}

function paragraph(r: () => number, lang: 'fr' | 'en') {
  return Array.from({ length: 3 + Math.floor(r() * 4) }, () => sentence(r, lang)).join(' ')
}

export const langOf = (blog: number): 'fr' | 'en' => (blog % 4 === 3 ? 'en' : 'fr')

export function articleTitle(blog: number, post: number) {
  const r = rng(blog * 1000 + post + 7)
  const words = Array.from({ length: 3 + Math.floor(r() * 5) }, () => (r() < 0.2 ? pick(r, sectorWords) : zipfWord(r)))
  return `${words.join(' ')} (${blog}-${post})`
}

const style = `<style>${Array.from({ length: 300 }, (_, i) => `.c${i}{margin:${i % 7}px;padding:${i % 5}px;color:#${(i * 4099).toString(16).slice(0, 3).padEnd(3, '0')}}`).join('\n')}</style>`
const script = `<script>${Array.from({ length: 200 }, (_, i) => `window.__t${i}=function(a){return a*${i}+Math.random()};`).join('\n')}</script>`
const nav = `<nav class="menu">${Array.from({ length: 40 }, (_, i) => `<a href="/rubrique-${i}/">Rubrique ${i}</a>`).join(' ')}</nav>`

/** One article page: about 40-70 KB of HTML of which 500-1200 words are the article. */
export function articleHtml(origin: string, blog: number, post: number): string {
  const r = rng(blog * 1000 + post)
  const lang = langOf(blog)
  const paras = Array.from({ length: 8 + Math.floor(r() * 12) }, () => `<p>${paragraph(r, lang)}</p>`).join('\n')
  const comments = Array.from(
    { length: 3 + Math.floor(r() * 8) },
    (_, i) => `<li class="comment"><div class="comment-author">Lecteur ${i}</div><p>${sentence(r, lang)}</p><a class="reply" href="#">Répondre</a></li>`,
  ).join('')
  const related = Array.from({ length: 6 }, (_, i) => `<li><a href="/blog${blog}/post-${(post + i + 1) % 50}/">${articleTitle(blog, (post + i + 1) % 50)}</a></li>`).join('')
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${articleTitle(blog, post)} | Blog ${blog}</title>
<meta property="og:title" content="${articleTitle(blog, post)}"><meta property="og:site_name" content="Blog ${blog}">
<meta property="og:image" content="/img/${blog}-${post}.jpg"><meta property="article:published_time" content="2026-11-${String(1 + (post % 20)).padStart(2, '0')}T08:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"${articleTitle(blog, post)}","author":{"@type":"Person","name":"Auteur ${blog}"},"datePublished":"2026-11-${String(1 + (post % 20)).padStart(2, '0')}T08:00:00Z"}</script>
${style}${script}</head><body><header><div class="logo">Blog ${blog}</div>${nav}</header>
<div class="wrap"><main><article><h1>${articleTitle(blog, post)}</h1><div class="byline">Par Auteur ${blog}</div>
<div class="share"><a href="https://www.facebook.com/sharer.php">Partager</a><a href="https://x.com/intent/tweet">Tweeter</a></div>
<div class="entry-content">${paras}<img src="/img/${blog}-${post}.jpg" alt="illustration"></div></article>
<section class="related"><h3>À lire aussi</h3><ul>${related}</ul></section>
<section id="comments"><h3>Commentaires</h3><ol>${comments}</ol></section></main>
<aside class="sidebar"><div class="widget"><h3>Newsletter</h3><form><input name="email"><button>OK</button></form></div>
<div class="widget"><h3>Tags</h3>${Array.from({ length: 30 }, (_, i) => `<a href="/tag/${i}">tag${i}</a>`).join(' ')}</div></aside></div>
<footer>${nav}<p>© 2026 Blog ${blog}</p></footer>${script}<script>/* ${origin} */</script></body></html>`
}

export function feedXml(origin: string, blog: number, posts: number): string {
  const items = Array.from({ length: posts }, (_, post) => {
    const day = String(1 + (post % 20)).padStart(2, '0')
    return `<item><title>${articleTitle(blog, post)}</title><link>${origin}/blog${blog}/post-${post}/</link><guid>${origin}/blog${blog}/?p=${post}</guid><pubDate>${new Date(`2026-11-${day}T08:00:00Z`).toUTCString()}</pubDate><description>${sentence(rng(blog + post), langOf(blog))}</description></item>`
  }).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Blog ${blog}</title><link>${origin}/blog${blog}/</link><description>Blog ${blog}</description>${items}</channel></rss>`
}
