// The sector scorer keeps a window's stories and term rarity between passes over the same articles
// (a profile preview ranks the window twice): a new version of an article must not be served stale.
import { describe, expect, it } from 'vitest'
import {
  createSectorScorer,
  type FullInput,
  type RankInput,
} from '../../src/jobs/scoring-sectors.ts'
import { emptyModel } from '../../src/score/index.ts'
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
})
