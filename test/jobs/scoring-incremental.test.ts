import { describe, expect, it } from 'vitest'
import { createScoring } from '../../src/jobs/scoring.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { emptyModel, learnFromDecision, modelDiff, analyzeDoc } from '../../src/score/index.ts'
import { eq } from 'drizzle-orm'
import { sectors } from '../../db/schema.ts'
import { getSector, scoredArticles } from '../../src/store/index.ts'
import { seedArticles, seedShippedSectors, type SeedArticle } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'

const SECTOR = 'community-management'
const at = (h: number) => new Date(Date.UTC(2026, 10, 20, h))

const instagram: SeedArticle = {
  title: 'Instagram : les stories interactives relancent l’engagement des comptes de marque',
  text: 'Le taux d’engagement des comptes de marque remonte sur Instagram grâce aux stories interactives. Sondages, quiz et questions ouvertes suscitent des réponses que le community manager peut relayer. Les marques qui répondent vite aux commentaires fidélisent leurs abonnés.',
  publishedAt: at(8),
  source: 'Blog CM',
}
const instagramToo: SeedArticle = {
  title: 'Stories Instagram : quiz et sondages pour l’engagement des abonnés',
  text: 'Un quiz dans les stories Instagram obtient plus de réponses qu’une publication classique. Les sondages aident le community manager à mieux connaître les abonnés et à relancer l’engagement du compte de marque.',
  publishedAt: at(7),
  source: 'Média social',
}
const recipe: SeedArticle = {
  title: 'Recette : le gratin dauphinois de grand-mère',
  text: 'Épluchez un kilo de pommes de terre, coupez-les en fines rondelles et disposez-les dans un plat beurré. Versez la crème, ajoutez une pointe d’ail et faites cuire une heure au four.',
  publishedAt: at(9),
  source: 'Cuisine facile',
}
const results: SeedArticle = {
  title: 'Résultats trimestriels : le chiffre d’affaires du groupe progresse de 4 %',
  text: 'Le groupe industriel publie un chiffre d’affaires en hausse, porté par ses activités de logistique. La marge opérationnelle reste stable et le dividende est maintenu pour les actionnaires.',
  publishedAt: at(9),
  source: 'Finance info',
}

async function setup() {
  const db = await tempDb()
  const clock = fixedClock('2026-11-20T12:00:00Z')
  await seedShippedSectors(db, clock.now())
  const ids = await seedArticles(db, SECTOR, [instagram, instagramToo, recipe, results])
  const scoring = createScoring({ db: db.db, clock, log: silentLog })
  await scoring.rescoreSector(SECTOR)
  const rowOf = async (id: number) =>
    (
      await scoredArticles(db.db, SECTOR, {
        now: clock.now(),
        statuses: ['new', 'approved', 'rejected'],
        ids: [id],
      })
    )[0]!
  return { db, clock, scoring, ids, rowOf }
}

describe('rescoring after a decision', () => {
  it('rescores what the decision reaches within seconds and leaves unrelated articles as they were', async () => {
    const { clock, scoring, ids, rowOf } = await setup()
    const [decided, similar, cooking, finance] = ids as [number, number, number, number]
    const before = {
      similar: await rowOf(similar),
      cooking: await rowOf(cooking),
      finance: await rowOf(finance),
    }
    clock.advance(60_000)

    const started = performance.now()
    await scoring.decide({ articleId: decided, action: 'approve' })
    await scoring.settled()
    expect(performance.now() - started).toBeLessThan(3000)

    // The other Instagram article shares the approved one's terms: rescored, and lifted.
    const similarAfter = await rowOf(similar)
    expect(similarAfter.computedAt.getTime()).toBe(clock.now().getTime())
    expect(similarAfter.score).toBeGreaterThan(before.similar.score)
    expect(
      (similarAfter.explanation as { learned: { score: number } }).learned.score,
    ).toBeGreaterThan(0)
    // The recipe and the quarterly results share no term and no source with it: not touched.
    for (const [id, old] of [
      [cooking, before.cooking],
      [finance, before.finance],
    ] as const) {
      const after = await rowOf(id)
      expect(after.computedAt.getTime()).toBe(old.computedAt.getTime())
      expect(after.score).toBe(old.score)
    }
  })

  it('rescores the whole sector when the profile changed or the model’s counts more than doubled', async () => {
    const { db, clock, scoring, ids, rowOf } = await setup()
    const [first, similar, cooking, finance] = ids as [number, number, number, number]
    const t0 = (await rowOf(cooking)).computedAt.getTime()

    clock.advance(60_000)
    await scoring.decide({ articleId: first, action: 'approve' })
    await scoring.decide({ articleId: similar, action: 'approve' })
    await scoring.settled()
    // Two approvals after none: every learned weight is scaled anew, so every article is rescored.
    expect((await rowOf(cooking)).computedAt.getTime()).toBe(clock.now().getTime())

    clock.advance(60_000)
    const profile = (await getSector(db.db, SECTOR))!.profile as Record<string, unknown>
    await db.db
      .update(sectors)
      .set({ profile: { ...profile, halfLifeHours: 12 } })
      .where(eq(sectors.slug, SECTOR))
    await scoring.decide({ articleId: finance, action: 'snooze', snoozeUntil: at(20) })
    await scoring.settled()
    // Another process edited the profile: the pass sees it and rescores all, fresher weighs more.
    const cookingAfter = await rowOf(cooking)
    expect(cookingAfter.computedAt.getTime()).toBe(clock.now().getTime())
    expect(cookingAfter.computedAt.getTime()).toBeGreaterThan(t0)
    expect(
      (cookingAfter.explanation as { freshness: { halfLifeHours: number } }).freshness
        .halfLifeHours,
    ).toBe(12)
  })
})

describe('a decision during the warm-up after a start', () => {
  it('is rescored from the warm-up pass, not by a full pass of its own', async () => {
    const db = await tempDb()
    const clock = fixedClock('2026-11-20T12:00:00Z')
    await seedShippedSectors(db, clock.now())
    const ids = await seedArticles(db, SECTOR, [instagram, instagramToo, recipe, results])
    const rescored: unknown[] = []
    const log = {
      ...silentLog,
      debug: (msg: string, fields?: Record<string, unknown>) =>
        void (msg === 'rescored after decisions' && rescored.push(fields)),
    }
    const scoring = createScoring({ db: db.db, clock, log })
    try {
      // The worker takes a second to load: the decision comes while the warm-up waits for it.
      const warmUp = scoring.prime([SECTOR])
      await scoring.decide({ articleId: ids[0]!, action: 'approve' })
      await warmUp
      await scoring.settled()
      expect(rescored).toEqual([expect.objectContaining({ sector: SECTOR, full: false })])
    } finally {
      await scoring.close()
    }
  })
})

describe('modelDiff', () => {
  it('names the terms and the source one decision changed, and how far the counts moved', () => {
    const analysed = (id: number, a: SeedArticle, feedId: number) => ({
      ...analyzeDoc({
        id,
        sectorSlug: SECTOR,
        feedId,
        source: a.source!,
        sourceKind: 'blog',
        lang: 'fr',
        title: a.title,
        text: a.text,
        excerpt: null,
        publishedAt: a.publishedAt,
        url: `https://example.org/${id}`,
      }),
      feedId,
      source: a.source!,
    })
    const doc = analysed(1, instagram, 7)
    const other = analysed(2, recipe, 9)
    const one = learnFromDecision(emptyModel(), other, 'reject')
    const two = learnFromDecision(one, doc, 'approve')
    const diff = modelDiff(one, two)
    expect(diff.sources).toEqual(new Set(['7']))
    expect(diff.terms.size).toBeGreaterThan(0)
    expect([...diff.terms].every((t) => t in two.terms)).toBe(true)
    // The recipe's terms were not touched by the approval.
    expect([...diff.terms].some((t) => t in one.terms)).toBe(false)
    expect(diff.countsMoved).toBe(1)
    expect(modelDiff(two, two)).toEqual({ terms: new Set(), sources: new Set(), countsMoved: 0 })
  })
})
