import type { SeedArticle } from './seed.ts'

// Realistic community-management news in French and English, varied enough that stories stay small
// and every article gets its own score.
const subjects = [
  ['Instagram', 'les stories interactives', 'les comptes de marque'],
  ['LinkedIn', 'les carrousels', 'les pages entreprise'],
  ['TikTok', 'les vidéos courtes', 'les créateurs'],
  ['Facebook', 'les groupes privés', 'les associations'],
  ['YouTube', 'les Shorts', 'les chaînes de marque'],
  ['Threads', 'les conversations publiques', 'les médias'],
  ['Bluesky', 'les fils personnalisés', 'les rédactions'],
]
const angles = [
  'Le taux d’engagement progresse quand le community manager répond vite aux commentaires.',
  'La modération des messages haineux demande une charte claire et des outils adaptés.',
  'Les marques mesurent la portée de chaque format avant de bâtir leur calendrier éditorial.',
  'Les influenceurs négocient désormais des contrats plus longs avec les annonceurs.',
  'Le service client passe de plus en plus par les messages privés des réseaux sociaux.',
  'Les publicités ciblées coûtent plus cher depuis les nouvelles règles sur les données.',
  'Social media managers say short answers in comments build loyal communities.',
  'Brands track reach and saves rather than likes when they plan their content.',
]

/** `n` distinct articles published over the last `hours` hours before `now`, from 40 sources. */
export function generatedArticles(n: number, now: Date, hours = 200): SeedArticle[] {
  return Array.from({ length: n }, (_, i) => {
    const [network, format, who] = subjects[i % subjects.length]!
    const text = Array.from(
      { length: 6 },
      (_, k) => `${angles[(i * 7 + k * 3) % angles.length]} Sur ${network}, ${format} (${i}-${k}).`,
    ).join(' ')
    return {
      title: `${network} : ${format} et ${who}, épisode ${i}`,
      text: `${text} ${who} de la ville ${i % 97} en parlent.`,
      publishedAt: new Date(now.getTime() - (1 + (i % hours)) * 3_600_000),
      source: `Blog ${i % 40}`,
    }
  })
}
