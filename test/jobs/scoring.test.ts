import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { queueOf } from '../../src/jobs/queue.ts'
import { shortlistOf } from '../../src/jobs/shortlist.ts'
import { createScoring } from '../../src/jobs/scoring.ts'
import { seedArticles, seedShippedSectors, type SeedArticle } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const at = (h: number) => new Date(Date.UTC(2026, 10, 20, h))

const inSector: SeedArticle[] = [
  {
    title: 'Community manager : comment relancer l’engagement de sa communauté sur Instagram',
    text: 'Le taux d’engagement des comptes de marque baisse sur Instagram. Pour un community manager, les stories interactives, les réponses rapides aux commentaires et les contenus créés par la communauté restent les leviers les plus efficaces. La modération bienveillante et une ligne éditoriale claire aident aussi à fidéliser les abonnés.',
    publishedAt: at(8),
    source: 'Blog CM',
  },
  {
    title: 'LinkedIn modifie son algorithme : ce que les marques doivent savoir',
    text: 'LinkedIn réduit la portée des publications avec liens externes et favorise les carrousels et les conversations en commentaires. Les social media managers doivent adapter leur calendrier éditorial et mesurer le taux d’engagement de chaque format.',
    publishedAt: at(7),
    source: 'Média social',
  },
]
const offTopic: SeedArticle[] = [
  {
    title: 'Recette : le gratin dauphinois de grand-mère',
    text: 'Épluchez un kilo de pommes de terre, coupez-les en fines rondelles et disposez-les dans un plat beurré. Versez la crème, ajoutez une pointe d’ail et faites cuire une heure au four.',
    publishedAt: at(9),
    source: 'Cuisine facile',
  },
  {
    title: 'Résultats trimestriels : le chiffre d’affaires du groupe progresse de 4 %',
    text: 'Le groupe industriel publie un chiffre d’affaires en hausse, porté par ses activités de logistique. La marge opérationnelle reste stable et le dividende est maintenu pour les actionnaires.',
    publishedAt: at(9),
    source: 'Finance info',
  },
]

async function setup(list: SeedArticle[]) {
  const db = await tempDb()
  const clock = fixedClock('2026-11-20T12:00:00Z')
  await seedShippedSectors(db, clock.now())
  const ids = await seedArticles(db, SECTOR, list)
  const scoring = createScoring({ db: db.db, clock, log: silentLog })
  await scoring.rescoreSector(SECTOR)
  return { db, clock, scoring, ids, deps: { db: db.db, clock, scoring } }
}

describe('the ranked queue', () => {
  it('puts the sector’s articles above off-topic ones, each with its reason', async () => {
    const { deps, ids } = await setup([...offTopic, ...inSector])
    const queue = await queueOf(deps, SECTOR)
    expect(
      queue
        .map((c) => c.id)
        .slice(0, 2)
        .sort(),
    ).toEqual(ids.slice(2).sort())
    const top = queue[0]!
    expect(top.score).toBeGreaterThan(queue.at(-1)!.score)
    expect(top.reason).toBeTruthy()
    expect(top.explanation.profile.topics.length).toBeGreaterThan(0)
    expect(top.explanation.profile.topics.flatMap((t) => t.terms).length).toBeGreaterThan(0)
  })

  it('shows one card per story with the other sources under “also covered by”, and a trending boost', async () => {
    const story = (source: string, title: string, h: number): SeedArticle => ({
      title,
      text: 'Instagram teste un fil d’actualité limité aux amis proches. Adam Mosseri confirme le test de ce fil Instagram réservé aux abonnés proches auprès de 2 % des comptes, une nouvelle qui inquiète les community managers des marques.',
      publishedAt: at(h),
      source,
    })
    const { deps } = await setup([
      story('Blog A', 'Instagram teste un fil réservé aux amis proches', 6),
      story('Média B', 'Instagram : un fil d’actualité pour les abonnés proches en test', 7),
      story('Blog C', 'Fil Instagram des amis proches : Mosseri confirme le test', 8),
      ...inSector,
    ])
    const queue = await queueOf(deps, SECTOR)
    const storyCard = queue.find((c) => c.title.includes('Instagram') && c.alsoCoveredBy.length)!
    expect(storyCard.alsoCoveredBy).toHaveLength(2)
    expect(queue.filter((c) => /Instagram/.test(c.title) && /proches/.test(c.title))).toHaveLength(
      1,
    )
    expect(storyCard.explanation.trending.sources).toBe(3)
    expect(storyCard.explanation.trending.boost).toBeGreaterThan(0)

    // Deciding the story's lead decides the story: its other sources do not come back as a new card.
    await deps.scoring.decide({ articleId: storyCard.id, action: 'reject' })
    const after = await queueOf(deps, SECTOR)
    expect(after.filter((c) => /Instagram/.test(c.title) && /proches/.test(c.title))).toHaveLength(
      0,
    )
    await deps.scoring.decide({ articleId: storyCard.id, action: 'reset' })
    expect((await queueOf(deps, SECTOR)).map((c) => c.id)).toContain(storyCard.id)
  })
})

describe('decisions', () => {
  it('take an article out of the queue and teach the sector model', async () => {
    const { deps, scoring, ids, db } = await setup([...inSector, ...offTopic])
    await scoring.decide({ articleId: ids[0]!, action: 'approve' })
    await scoring.decide({ articleId: ids[2]!, action: 'reject' })
    const queue = await queueOf(deps, SECTOR)
    expect(queue.map((c) => c.id)).not.toContain(ids[0])
    expect(queue.map((c) => c.id)).not.toContain(ids[2])
    const { getModel } = await import('../../src/store/index.ts')
    expect((await getModel(db.db, SECTOR))!.decisionsSeen).toBe(2)
    await expect(scoring.decide({ articleId: 999_999, action: 'approve' })).rejects.toThrow(
      /no article/,
    )
  })

  it('counts every one of 50 concurrent decisions in the learned model', async () => {
    const many: SeedArticle[] = Array.from({ length: 50 }, (_, i) => ({
      ...(i % 2 ? offTopic : inSector)[i % 2]!,
      title: `${(i % 2 ? offTopic : inSector)[i % 2]!.title} (${i})`,
      source: `Source ${i % 7}`,
    }))
    const { scoring, ids, db, clock } = await setup(many)
    // A second scoring over the same database, as a second process would have: it does not share
    // the first one's queue of learners, only the compare-and-set in the database.
    const other = createScoring({ db: db.db, clock, log: silentLog })
    await Promise.all(
      ids.map((id, i) =>
        (i % 3 ? scoring : other).decide({ articleId: id, action: i % 2 ? 'reject' : 'approve' }),
      ),
    )
    const { getModel } = await import('../../src/store/index.ts')
    const row = (await getModel(db.db, SECTOR))!
    const model = row.model as {
      decisions: number
      positives: number
      negatives: number
      sources: Record<string, { kept: number; rejected: number }>
    }
    expect(row.decisionsSeen).toBe(50)
    expect(model).toMatchObject({ decisions: 50, positives: 25, negatives: 25 })
    const bySource = Object.values(model.sources)
    expect(bySource.reduce((n, s) => n + s.kept + s.rejected, 0)).toBe(50)
    // Each decision learned exactly once, whichever process saved first and however often the
    // other read the model again: the terms equal the 50 decisions learned one after the other.
    const { articlesForScoring } = await import('../../src/store/index.ts')
    const { analyzeDoc, emptyModel, learnFromDecisions } = await import('../../src/score/index.ts')
    const rows = await articlesForScoring(db.db, SECTOR, { ids })
    const byId = new Map(rows.map((r) => [r.id, r]))
    const replayed = learnFromDecisions(
      emptyModel(),
      ids.map((id, i) => {
        const r = byId.get(id)!
        return {
          doc: { ...analyzeDoc({ ...r, text: r.text ?? '' }), feedId: r.feedId, source: r.source },
          action: i % 2 ? ('reject' as const) : ('approve' as const),
        }
      }),
    )
    const terms = (row.model as { terms: Record<string, [number, number]> }).terms
    expect(Object.keys(terms).sort()).toEqual(Object.keys(replayed.terms).sort())
    for (const [term, [kept, rejected]] of Object.entries(replayed.terms)) {
      expect(terms[term]![0]).toBeCloseTo(kept, 9)
      expect(terms[term]![1]).toBeCloseTo(rejected, 9)
    }
  })

  it('teach only the latest decision of an article: an undo or a change takes the earlier one back, a skip teaches nothing', async () => {
    const { scoring, ids, db, deps } = await setup([...inSector, ...offTopic])
    const { getModel } = await import('../../src/store/index.ts')
    type Model = {
      decisions: number
      positives: number
      negatives: number
      terms: Record<string, [number, number]>
      sources: Record<string, { kept: number; rejected: number }>
    }
    const model = async () => (await getModel(db.db, SECTOR))!.model as Model
    const [cm, linkedin, gratin] = ids as [number, number, number]
    await scoring.decide({ articleId: cm, action: 'approve' })
    const oneApproval = await model()
    // A misclick on "approve" (the gratin recipe), undone: the model is as before it.
    await scoring.decide({ articleId: gratin, action: 'approve' })
    expect((await model()).positives).toBe(2)
    await scoring.decide({ articleId: gratin, action: 'reset' })
    expect(await model()).toEqual(oneApproval)
    // Approved twice (the reader and the queue): learned once.
    await scoring.decide({ articleId: cm, action: 'approve' })
    expect(await model()).toEqual(oneApproval)
    // Approved, then rejected: counted as a rejection only, for its terms and its source.
    await scoring.decide({ articleId: linkedin, action: 'approve' })
    await scoring.decide({ articleId: linkedin, action: 'reject' })
    const changed = await model()
    expect(changed).toMatchObject({ decisions: 2, positives: 1, negatives: 1 })
    expect(
      Object.values(changed.sources)
        .map((s) => [s.kept, s.rejected])
        .sort(),
    ).toEqual([
      [0, 1],
      [1, 0],
    ])
    expect(changed.terms.linkedin?.[0] ?? 0).toBe(0)
    expect(changed.terms.linkedin?.[1]).toBeGreaterThan(0)
    // Skipped (seen, not for today): nothing learned, and the article leaves the queue.
    await scoring.decide({ articleId: gratin, action: 'dismiss' })
    expect(await model()).toEqual(changed)
    expect((await queueOf(deps, SECTOR)).map((c) => c.id)).not.toContain(gratin)
  })

  it('are rescored in the background: once settled, the sector’s scores reflect the whole burst', async () => {
    const { deps, scoring, ids } = await setup([...inSector, ...offTopic])
    const { scoredArticles } = await import('../../src/store/index.ts')
    const scoreOf = async (id: number) =>
      (
        await scoredArticles(deps.db, SECTOR, {
          now: deps.clock.now(),
          statuses: ['new'],
          ids: [id],
        })
      )[0]!
    const before = await scoreOf(ids[1]!)
    for (const [i, id] of ids
      .filter((_, k) => k !== 1)
      .slice(0, 4)
      .entries())
      await scoring.decide({ articleId: id, action: i % 2 ? 'reject' : 'approve' })
    await scoring.settled()
    const after = await scoreOf(ids[1]!)
    // The model learned from the decisions and the undecided article was rescored with it.
    expect(JSON.stringify(after.explanation)).not.toBe(JSON.stringify(before.explanation))
  })

  it('brings a snoozed article back when its snooze ends', async () => {
    const { deps, scoring, ids, clock } = await setup(inSector)
    await scoring.decide({
      articleId: ids[0]!,
      action: 'snooze',
      snoozeUntil: new Date('2026-11-21T08:00:00Z'),
    })
    expect((await queueOf(deps, SECTOR)).map((c) => c.id)).not.toContain(ids[0])
    clock.set('2026-11-21T09:00:00Z')
    expect((await queueOf(deps, SECTOR)).map((c) => c.id)).toContain(ids[0])
  })
})

describe('the daily shortlist', () => {
  it('is saved once produced, and shows what the curator did with each item', async () => {
    const { deps, scoring, ids, db } = await setup([...inSector, ...offTopic])
    const first = await shortlistOf(deps, SECTOR, '2026-11-20', 3)
    expect(first.items.length).toBeGreaterThan(0)
    expect(first.items.map((i) => i.rank)).toEqual(first.items.map((_, i) => i + 1))
    expect(first.items[0]!.status).toBe('new')
    // The recipe and the quarterly results have nothing to do with the sector: never shortlisted.
    expect(first.items.map((i) => i.title)).not.toEqual(
      expect.arrayContaining([offTopic[0]!.title]),
    )
    expect(first.items.map((i) => i.title)).not.toEqual(
      expect.arrayContaining([offTopic[1]!.title]),
    )

    // A later, better article and a decision: the saved shortlist keeps its items, with the new status.
    await seedArticles(db, SECTOR, [
      { ...inSector[0]!, title: 'Nouveau : ' + inSector[0]!.title, source: 'Autre blog' },
    ])
    await scoring.rescoreSector(SECTOR)
    await scoring.decide({ articleId: first.items[0]!.id, action: 'reshare' })
    const again = await shortlistOf(deps, SECTOR, '2026-11-20', 3)
    expect(again.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id))
    expect(again.createdAt).toBe(first.createdAt)
    expect(again.items[0]!.status).toBe('reshared')
    expect(ids).toContain(first.items[0]!.id)
    await expect(shortlistOf(deps, SECTOR, '20-11-2026')).rejects.toThrow(/not a date/)
  })

  it('keeps at most two items from one source', async () => {
    const many = Array.from({ length: 6 }, (_, i) => ({
      ...inSector[i % 2]!,
      title: `${inSector[i % 2]!.title} (${i})`,
      source: 'Blog CM',
    }))
    const { deps } = await setup([...many, { ...inSector[1]!, source: 'Autre média' }])
    const list = await shortlistOf(deps, SECTOR, '2026-11-20', 5)
    const bySource = new Map<string, number>()
    for (const i of list.items) bySource.set(i.source, (bySource.get(i.source) ?? 0) + 1)
    expect(Math.max(...bySource.values())).toBeLessThanOrEqual(2)
  })
})
