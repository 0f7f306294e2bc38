// The trending boost lifts a story covered by several sources only when every member is on topic
// for the sector: one off-topic member means the story was linked on something else.
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { queueOf } from '../../src/jobs/queue.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { seedArticles, seedShippedSectors, type SeedArticle } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const at = (h: number) => new Date(Date.UTC(2026, 10, 20, h))
const lead =
  'Instagram teste un fil d’actualité limité aux amis proches. Adam Mosseri confirme le test de ce fil Instagram réservé aux abonnés proches auprès de 2 % des comptes'

const onTopic: SeedArticle[] = [
  {
    title: 'Instagram teste un fil réservé aux amis proches',
    text: `${lead}, une nouvelle qui inquiète les community managers des marques : la portée organique et l’engagement des comptes de marque pourraient baisser.`,
    publishedAt: at(6),
    source: 'Blog A',
  },
  {
    title: 'Instagram : un fil d’actualité pour les abonnés proches en test',
    text: `${lead}. Pour les social media managers, les stories et les réponses aux commentaires deviennent les leviers d’engagement de la communauté.`,
    publishedAt: at(7),
    source: 'Média B',
  },
]
const offTopicMember: SeedArticle = {
  title:
    'Instagram teste un fil réservé aux amis proches : les traders crypto y voient une aubaine',
  text: `${lead}. Les groupes de trading de bitcoin et de cryptomonnaie, le forex et les paris sportifs comptent y recruter des abonnés : crypto, trading, bitcoin, NFT et casino en ligne y font déjà la loi.`,
  publishedAt: at(8),
  source: 'Crypto Trading Info',
}

const opened: { close(): void }[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
})

async function queueFor(list: SeedArticle[]) {
  const db = await tempDb()
  opened.push(db)
  const clock = fixedClock('2026-11-20T12:00:00Z')
  await seedShippedSectors(db, clock.now())
  await seedArticles(db, SECTOR, list)
  const scoring = createScoring({ db: db.db, clock, log: silentLog })
  await scoring.rescoreSector(SECTOR)
  return queueOf({ db: db.db, clock }, SECTOR)
}

describe('trending boost', () => {
  it('lifts a story whose members are all on topic', async () => {
    const queue = await queueFor(onTopic)
    const card = queue.find((c) => c.alsoCoveredBy.length)!
    expect(card.explanation.trending.sources).toBe(2)
    expect(card.explanation.trending.boost).toBeGreaterThan(0)
  })

  it('gives nothing to the same story once an off-topic member joins it', async () => {
    const queue = await queueFor([...onTopic, offTopicMember])
    const card = queue.find((c) => c.alsoCoveredBy.length)!
    // The crypto article is one of the story's members (its link is real)...
    expect(card.alsoCoveredBy.length + 1).toBe(3)
    expect(card.explanation.trending.sources).toBe(3)
    // ...and so no member of that story is lifted for being covered widely.
    expect(card.explanation.trending.boost).toBe(0)
  })
})
