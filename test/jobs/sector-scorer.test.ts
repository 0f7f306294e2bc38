// The sector scorer keeps a window's stories and term rarity between passes over the same articles
// (a profile preview ranks the window twice): a new version of an article must not be served stale.
import { describe, expect, it } from 'vitest'
import {
  createSectorScorer,
  type FullInput,
  type RankInput,
} from '../../src/jobs/scoring-sectors.ts'
import {
  analyzeDoc,
  emptyModel,
  learnFromDecision,
  learnFromDecisions,
} from '../../src/score/index.ts'
import type { ScoringRow } from '../../src/store/index.ts'

const NOW = new Date('2026-11-20T09:00:00Z')
const LAUNCH =
  'Instagram a confirmé mardi tester un fil réservé aux abonnés proches, baptisé Proches. Le test concerne une petite part des comptes en France et en Belgique, et la plateforme promet un bilan au printemps. Les créateurs craignent une baisse de leur portée organique.'
const OTHER =
  'LinkedIn ajoute des statistiques par diapositive aux carrousels : le nombre de lecteurs de chaque page et le taux de clic sur les liens. Les pages entreprises y ont accès dès cette semaine, les profils personnels suivront en décembre.'

function row(id: number, title: string, text: string, updatedAt: Date): ScoringRow {
  return {
    id,
    sectorSlug: 'cm',
    feedId: id,
    source: `Source ${id}`,
    sourceKind: 'media',
    lang: 'fr',
    title,
    text,
    excerpt: null,
    publishedAt: new Date(NOW.getTime() - id * 3_600_000),
    url: `https://source${id}.test/article`,
    status: 'new',
    updatedAt,
  }
}
const head = ({ text: _t, excerpt: _e, ...h }: ScoringRow) => h
const profile = (terms: string[]): FullInput['profile'] => ({
  topics: [{ name: 'Réseaux', weight: 1, terms }],
  excluded: [],
  halfLifeHours: 48,
})

describe('sector scorer', () => {
  it('ranks under two profiles with the same stories, and sees an article’s new version', () => {
    const scorer = createSectorScorer()
    const rows = [
      row(1, 'Instagram teste un fil limité aux abonnés proches', LAUNCH, NOW),
      row(2, 'Instagram teste un fil limité aux abonnés proches', LAUNCH, NOW),
      row(3, 'LinkedIn détaille les statistiques des carrousels', OTHER, NOW),
    ]
    scorer.analyse(rows)
    const input = (terms: string[][], heads = rows.map(head)): RankInput => ({
      slug: 'cm',
      profiles: terms.map(profile),
      model: emptyModel(),
      now: NOW.getTime(),
      heads,
    })
    const byId = (ranked: [number, number, number][]) =>
      new Map(ranked.map(([id, score, story]) => [id, { score, story }]))
    const progress: [number, number][] = []
    const [instagram, linkedin] = scorer
      .rank(input([['instagram'], ['linkedin', 'carrousel']]), (done, total) =>
        progress.push([done, total]),
      )
      .map(byId) as [ReturnType<typeof byId>, ReturnType<typeof byId>]
    expect(instagram.get(2)!.story).toBe(instagram.get(1)!.story)
    expect(instagram.get(3)!.story).toBe(3)
    for (const id of [1, 2, 3]) expect(linkedin.get(id)!.story).toBe(instagram.get(id)!.story)
    expect(linkedin.get(3)!.score).toBeGreaterThan(instagram.get(3)!.score)
    expect(instagram.get(1)!.score).toBeGreaterThan(linkedin.get(1)!.score)
    // Progress counts the window once per profile.
    expect(progress).toEqual([
      [3, 6],
      [6, 6],
    ])

    // Article 3 is rewritten into a copy of the Instagram story: a new version, a new clustering.
    const rewritten = row(3, rows[0]!.title, LAUNCH, new Date(NOW.getTime() + 60_000))
    scorer.analyse([rewritten])
    const [after] = scorer
      .rank(input([['instagram']], [rows[0]!, rows[1]!, rewritten].map(head)))
      .map(byId)
    expect(after.get(3)!.story).toBe(after.get(1)!.story)
  })

  it('clusters a crawl’s few new articles against the stories kept, many or a day later from scratch', () => {
    const brands = [
      'Decathlon',
      'Sephora',
      'Fnac',
      'Picard',
      'Boulanger',
      'Darty',
      'Kiabi',
      'Leclerc',
    ]
    const networks = ['Instagram', 'LinkedIn', 'TikTok', 'Pinterest', 'YouTube']
    const article = (id: number) => {
      const brand = brands[id % brands.length]!
      const network = networks[Math.floor(id / brands.length) % networks.length]!
      return row(
        id,
        `${brand} lance sa campagne ${id} sur ${network}`,
        `La marque ${brand} publie sur ${network} une série de ${id} vidéos tournées en magasin, avec des vendeurs en vedette. ` +
          `Son équipe sociale mesure les partages chaque semaine et ajuste le calendrier éditorial.`,
        NOW,
      )
    }
    const copyOf1 = { ...article(1), id: 100, feedId: 100, source: 'Source 100' }
    const passOf =
      (scorer: ReturnType<typeof createSectorScorer>) =>
      (rows: ScoringRow[], now = NOW) => {
        scorer.analyse(rows)
        const stories = new Map<number, number>()
        const scores = new Map<number, number>()
        const input = {
          slug: 'cm',
          profile: profile(['instagram', 'vidéos']),
          profileKey: 'p',
          model: emptyModel(),
        }
        const result = scorer.full(
          { ...input, now: now.getTime(), heads: rows.map(head) },
          (batch) => {
            for (const r of batch) {
              stories.set(r.articleId, r.storyId)
              scores.set(r.articleId, r.score)
            }
          },
        )
        return { ...result, stories, scores }
      }
    const pass = passOf(createSectorScorer())
    const window = Array.from({ length: 40 }, (_, k) => article(k + 1))
    expect(pass(window).clustered).toBe(40)
    expect(pass(window).clustered).toBe(0)
    // A crawl of 3 (under a tenth of the window), as the oldest article leaves it: only they are
    // clustered; the copy joins its story.
    const crawled = [...window.slice(0, -1), article(41), article(42), copyOf1]
    const after = pass(crawled)
    expect(after).toMatchObject({ articles: 42, clustered: 3 })
    expect(after.stories.get(100)).toBe(1)
    // The same stories, and the same term rarity (so scores), as a pass from scratch.
    const scratch = passOf(createSectorScorer())(crawled)
    expect(after.stories).toEqual(scratch.stories)
    for (const [id, score] of scratch.scores) expect(after.scores.get(id)).toBeCloseTo(score, 9)
    // More than a tenth new, or a day after the stories were last clustered from scratch: all again.
    const bigger = [...crawled, ...Array.from({ length: 10 }, (_, k) => article(43 + k))]
    expect(pass(bigger).clustered).toBe(52)
    expect(pass([...bigger, article(53)]).clustered).toBe(1)
    const later = new Date(NOW.getTime() + 25 * 3_600_000)
    expect(pass([...bigger, article(53), article(54)], later).clustered).toBe(54)
  })

  it('saves again only the scores that moved, and each at least every six hours', () => {
    // Ten articles of this morning and ten of three weeks ago: an hour later only the first have aged
    // enough to move their score.
    const rows = Array.from({ length: 20 }, (_, k) => {
      const r = row(k + 1, `Instagram teste un fil pour les abonnés proches (${k})`, LAUNCH, NOW)
      const hours = k < 10 ? k + 1 : 21 * 24 + k
      return { ...r, publishedAt: new Date(NOW.getTime() - hours * 3_600_000) }
    })
    const scorer = createSectorScorer()
    scorer.analyse(rows)
    const pass = (hours: number, terms = ['instagram']) => {
      const saved: number[] = []
      const input = {
        slug: 'cm',
        profile: profile(terms),
        profileKey: terms.join(),
        model: emptyModel(),
      }
      const now = NOW.getTime() + hours * 3_600_000
      scorer.full({ ...input, now, heads: rows.map(head) }, (batch) => {
        for (const r of batch) saved.push(r.articleId)
      })
      return saved.sort((a, b) => a - b)
    }
    const all = rows.map((r) => r.id)
    expect(pass(0)).toEqual(all)
    expect(pass(0)).toEqual([])
    expect(pass(1)).toEqual(all.slice(0, 10))
    expect(pass(7)).toEqual(all)
    // Another profile: every explanation changes.
    expect(pass(7, ['instagram', 'abonnés'])).toEqual(all)
  })
  it('after a decision, rescores the articles of other stories and sources that share its learned terms', () => {
    const rows = [
      row(
        1,
        'Instagram : les stories interactives relancent l’engagement des abonnés',
        'Sondages, quiz et questions ouvertes dans les stories Instagram suscitent des réponses des abonnés. Le community manager qui répond vite aux commentaires fidélise sa communauté et relance l’engagement du compte de marque.',
        NOW,
      ),
      row(
        2,
        'TikTok : répondre aux commentaires en vidéo, la méthode qui fidélise',
        'Sur TikTok, la réponse vidéo à un commentaire est devenue un format à part entière. Les community managers qui l’adoptent voient leur communauté commenter davantage, et les abonnés fidèles reviennent plus souvent.',
        NOW,
      ),
      row(
        3,
        'Recette : le gratin dauphinois de grand-mère',
        'Épluchez un kilo de pommes de terre, coupez-les en fines rondelles et disposez-les dans un plat beurré. Versez la crème, ajoutez une pointe d’ail et faites cuire une heure au four.',
        NOW,
      ),
      row(
        4,
        'Résultats trimestriels : le chiffre d’affaires du groupe progresse de 4 %',
        'Le groupe industriel publie un chiffre d’affaires en hausse, porté par ses activités de logistique. La marge opérationnelle reste stable et le dividende est maintenu pour les actionnaires.',
        NOW,
      ),
      row(
        5,
        'Météo : un week-end pluvieux sur la façade atlantique',
        'Une perturbation traversera la Bretagne et les Pays de la Loire samedi, avec des cumuls de pluie importants. Le soleil reviendra dimanche après-midi par le sud-ouest, sous des températures de saison.',
        NOW,
      ),
      row(
        6,
        'Rugby : le XV de France prépare la tournée d’automne',
        'Le sélectionneur a convoqué trente-deux joueurs pour le stage de Marcoussis. Deux jeunes ailiers font leur apparition, tandis que le capitaine, blessé à l’épaule, reste incertain pour le premier test.',
        NOW,
      ),
    ]
    const learnable = (r: ScoringRow) => ({
      ...analyzeDoc({ ...r, text: r.text ?? '' }),
      feedId: r.feedId,
      source: r.source,
    })
    // Four decisions already: one more approval does not double a count (no full pass).
    const before = learnFromDecisions(
      emptyModel(),
      [3, 4, 5, 6].map((id) => ({
        doc: learnable(rows[id - 1]!),
        action: id < 5 ? ('reject' as const) : ('approve' as const),
      })),
    )
    const scorer = createSectorScorer()
    scorer.analyse(rows)
    const scores = new Map<number, { score: number; story: number }>()
    const input = {
      slug: 'cm',
      profile: profile(['community manager', 'réseaux sociaux']),
      profileKey: 'cm',
      model: before,
      now: NOW.getTime(),
      heads: rows.map(head),
    }
    scorer.full(input, (batch) => {
      for (const r of batch) scores.set(r.articleId, { score: r.score, story: r.storyId })
    })
    expect(scores.get(2)!.story).not.toBe(scores.get(1)!.story)

    const rescored = new Map<number, number>()
    const pass = scorer.changed(
      {
        slug: 'cm',
        profileKey: 'cm',
        model: learnFromDecision(before, learnable(rows[0]!), 'approve'),
        now: NOW.getTime() + 60_000,
        decided: [1],
      },
      (batch) => {
        for (const r of batch) rescored.set(r.articleId, r.score)
      },
    )
    expect(pass).toEqual({ articles: 2, full: false })
    // The TikTok article shares "commentaire", "abonnés", "communauté": lifted by the approval.
    expect([...rescored.keys()].sort()).toEqual([1, 2])
    expect(rescored.get(2)!).toBeGreaterThan(scores.get(2)!.score)
  })
})
