// A suggested site's affinity is shown in the directory beside that of the sources the sector follows:
// it must be on the same scale, the score the queue would give the feed's items.
import { inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { articleScores } from '../../db/schema.ts'
import { parseFeed } from '../../src/crawl/index.ts'
import { feedSample } from '../../src/jobs/discover-sources.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-11-20T09:00:00Z')
const HOUR = 3_600_000

const ON_TOPIC = [
  {
    title: 'Community manager : tenir une ligne éditoriale sur LinkedIn',
    text: 'Une ligne éditoriale claire aide le community manager à choisir ses formats, son ton et son calendrier de publication sur les réseaux sociaux.',
  },
  {
    title: 'Modération : répondre aux commentaires sans nourrir les trolls',
    text: 'La modération des commentaires sur Instagram et TikTok demande une charte, des réponses types et un suivi de l’engagement de la communauté.',
  },
  {
    title: 'Social media manager : ce que change l’algorithme de TikTok',
    text: 'La portée organique dépend de la rétention des vidéos : les marques revoient leur stratégie de contenu et leurs indicateurs d’engagement.',
  },
]
const OFF_TOPIC = [
  {
    title: 'Recette de la tarte aux pommes du dimanche',
    text: 'Beurre, farine, sucre et pommes reinettes : une pâte brisée maison et quarante minutes de cuisson.',
  },
  {
    title: 'Le pain au levain, pas à pas',
    text: 'Farine de seigle, eau tiède et patience : le levain se nourrit deux fois par jour pendant une semaine.',
  },
]

const rss = (items: { title: string; text: string }[], at: (i: number) => Date) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site suggéré</title>
<link>https://suggere.example/</link><language>fr</language>
${items
  .map(
    (it, i) =>
      `<item><title>${it.title}</title><link>https://suggere.example/${i}</link><guid>s${i}</guid>
<pubDate>${at(i).toUTCString()}</pubDate><description>${it.text}</description></item>`,
  )
  .join('\n')}</channel></rss>`

describe('a suggested feed’s affinity', () => {
  it('is the mean score the queue gives the same articles from a followed source', async () => {
    const database = await tempDb()
    await seedShippedSectors(database, NOW)
    const at = (i: number) => new Date(NOW.getTime() - (i + 1) * 5 * HOUR)
    const seeded = (list: typeof ON_TOPIC, source: string) =>
      seedArticles(
        database,
        SECTOR,
        list.map((a, i) => ({ ...a, source, publishedAt: at(i) })),
      )
    const onTopicIds = await seeded(ON_TOPIC, 'Blog du métier')
    const offTopicIds = await seeded(OFF_TOPIC, 'Cuisine du dimanche')
    const scoring = createScoring({ db: database.db, clock: fixedClock(NOW), log: silentLog })
    try {
      // No full pass kept yet: the affinity runs one (the term rarity of the sector's window).
      const affinity = async (items: typeof ON_TOPIC) => {
        const feed = await parseFeed(rss(items, at), {
          url: 'https://suggere.example/feed',
          now: NOW,
        })
        return scoring.affinity(SECTOR, feedSample(feed, SECTOR, 'fr', NOW))
      }
      const suggestedOnTopic = await affinity(ON_TOPIC)
      const suggestedOffTopic = await affinity(OFF_TOPIC)
      const meanScore = async (ids: number[]) => {
        const rows = await database.db
          .select({ score: articleScores.score })
          .from(articleScores)
          .where(inArray(articleScores.articleId, ids))
        expect(rows).toHaveLength(ids.length)
        return rows.reduce((sum, r) => sum + r.score, 0) / rows.length
      }
      expect(suggestedOnTopic).toBeCloseTo(await meanScore(onTopicIds), 3)
      expect(suggestedOffTopic).toBeCloseTo(await meanScore(offTopicIds), 3)
      expect(suggestedOnTopic!).toBeGreaterThan(suggestedOffTopic! + 0.3)
      expect(await scoring.affinity(SECTOR, [])).toBeNull()
    } finally {
      await scoring.close()
    }
  })
})
