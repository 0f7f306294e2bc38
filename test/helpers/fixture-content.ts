// Realistic French and English sector content for crawl tests, written for Vigie's fixtures.

// Dates relative to now (to the minute, as RSS dates are), so "recent" stays recent whenever tests run.
const base = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000
const hoursBefore = (h: number) => new Date(base - h * 3_600_000).toISOString()

export interface FixtureArticle {
  slug: string
  title: string
  author: string
  date: string
  lang: 'fr' | 'en'
  paragraphs: string[]
}

export const articlesFr: FixtureArticle[] = [
  {
    slug: 'taux-engagement-linkedin-2026',
    title: 'Taux d’engagement sur LinkedIn : ce qui a changé cette année',
    author: 'Claire Dumas',
    date: hoursBefore(0),
    lang: 'fr',
    paragraphs: [
      'Les pages entreprise voient leur portée organique reculer depuis le printemps, alors que les profils personnels des salariés gagnent en visibilité. Pour un community manager, cela change la manière de bâtir un calendrier éditorial.',
      'Nous avons comparé quarante pages de marques B2B françaises sur six mois. Les carrousels documentaires obtiennent en moyenne deux fois plus de commentaires que les liens sortants, et les vidéos courtes sous-titrées progressent nettement.',
      'Le conseil le plus utile reste simple : répondre aux commentaires dans la première heure, citer les experts de la communauté et éviter les appels à l’action trop commerciaux, que l’algorithme semble pénaliser.',
    ],
  },
  {
    slug: 'moderation-communaute-crise',
    title: 'Modération : tenir sa communauté pendant un bad buzz',
    author: 'Julien Marchand',
    date: hoursBefore(18.5),
    lang: 'fr',
    paragraphs: [
      'Quand une polémique éclate, la tentation de supprimer les messages critiques est forte. C’est pourtant la meilleure façon de transformer une critique isolée en crise d’e-réputation.',
      'Une charte de modération publiée à l’avance, des réponses types validées avec le service juridique et une veille active sur les mots-clés de la marque permettent de garder la main sans censurer.',
      'Après la crise, un bilan partagé avec la communauté, chiffres à l’appui, renforce la confiance bien plus qu’un long communiqué.',
    ],
  },
  {
    slug: 'veille-curation-outils',
    title: 'Veille et curation : organiser ses sources sans se noyer',
    author: 'Sophie Lefèvre',
    date: hoursBefore(47.25),
    lang: 'fr',
    paragraphs: [
      'Un bon curateur ne partage pas tout ce qu’il lit. Il trie, hiérarchise et ajoute un commentaire qui apporte un angle propre à sa communauté.',
      'Regrouper ses flux par thématique, noter chaque source selon la qualité de ses analyses et bloquer un créneau fixe chaque matin suffit souvent à diviser par deux le temps passé.',
      'Le partage doit ensuite s’adapter au réseau : un ton plus institutionnel sur LinkedIn, plus léger sur Instagram ou Facebook.',
    ],
  },
]

export const articlesEn: FixtureArticle[] = [
  {
    slug: 'creator-partnerships-2026',
    title: 'What brands get wrong about creator partnerships',
    author: 'Megan Hart',
    date: hoursBefore(62.75),
    lang: 'en',
    paragraphs: [
      'Most creator campaigns are still briefed like television ads. The brands that see real engagement let creators keep their own voice and judge results on comments and saves rather than reach.',
      'Micro-influencers with a few thousand followers in a niche often drive more conversations than celebrities, because their audience trusts their recommendations.',
      'Long-term partnerships also cost less per post and give the community time to recognise the collaboration as genuine.',
    ],
  },
]

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A WordPress-like article page with share bars, a sidebar and comments around the article. */
export function articlePage(a: FixtureArticle, opts: { canonical?: string; extraHead?: string; extraBody?: string } = {}) {
  return `<!doctype html>
<html lang="${a.lang}">
<head>
<meta charset="utf-8">
<title>${esc(a.title)} – Le Blog du Community Management</title>
${opts.canonical ? `<link rel="canonical" href="${esc(opts.canonical)}">` : ''}
<meta property="og:title" content="${esc(a.title)}">
<meta property="og:site_name" content="Le Blog du Community Management">
<meta property="og:image" content="/wp-content/uploads/${a.slug}.jpg">
<meta property="article:published_time" content="${a.date}">
<meta name="author" content="${esc(a.author)}">
<style>.share{display:flex} body{font-family:sans-serif}</style>
<script>window.dataLayer=[];</script>
${opts.extraHead ?? ''}
</head>
<body>
<header><nav><a href="/">Accueil</a> <a href="/categorie/reseaux-sociaux/">Réseaux sociaux</a> <a href="/contact/">Contact</a></nav></header>
<main>
<article>
<h1>${esc(a.title)}</h1>
<p class="byline">Par ${esc(a.author)}</p>
<div class="share"><a href="https://www.facebook.com/sharer.php">Partager</a> <a href="https://x.com/intent/tweet">Tweeter</a></div>
<div class="entry-content">
${a.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
${opts.extraBody ?? ''}
</div>
</article>
</main>
<aside><h3>Articles populaires</h3><ul><li><a href="/a">Les tendances Instagram</a></li><li><a href="/b">Recruter un CM</a></li></ul></aside>
<footer><p>© 2026 Le Blog du Community Management – Mentions légales</p></footer>
</body>
</html>`
}

/** An RSS 2.0 feed listing the given articles at base + /<slug>/. */
export function rssFeed(base: string, items: FixtureArticle[], opts: { title?: string; link?: (a: FixtureArticle) => string } = {}) {
  const link = opts.link ?? ((a: FixtureArticle) => `${base}/${a.slug}/`)
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${esc(opts.title ?? 'Le Blog du Community Management')}</title>
<link>${base}/</link>
<description>Réseaux sociaux, communautés et curation</description>
<language>fr-FR</language>
${items
  .map(
    (a) => `<item>
<title>${esc(a.title)}</title>
<link>${esc(link(a))}</link>
<guid isPermaLink="false">${base}/?p=${a.slug}</guid>
<dc:creator>${esc(a.author)}</dc:creator>
<pubDate>${new Date(a.date).toUTCString()}</pubDate>
<description>${esc(a.paragraphs[0]!)}</description>
<content:encoded><![CDATA[${a.paragraphs.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded>
</item>`,
  )
  .join('\n')}
</channel>
</rss>`
}
