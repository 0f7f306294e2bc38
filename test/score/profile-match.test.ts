import { describe, expect, it } from 'vitest'
import { analyzeDoc, compileProfile, type ScoreDoc } from '../../src/score/index.ts'
import { matchProfile } from '../../src/score/profile-match.ts'
import * as A from '../fixtures/score/articles.ts'
import { score } from './helpers.ts'

const inSector = [A.inSectorFr, A.inSectorEn]
const nearMisses = [A.nearMissMarketing, A.nearMissSeo, A.nearMissFinance]
const offTopic = [A.offTopicFr, A.offTopicEn]

const termsOf = (doc: ScoreDoc) =>
  score(doc).profile.topics.flatMap((t) => t.terms.map((m) => ({ topic: t.name, ...m })))

describe('profile match', () => {
  it.each(inSector.flatMap((a) => nearMisses.map((b) => [a.title, b.title, a, b] as const)))(
    'in-sector "%s" scores above near-miss "%s"',
    (_a, _b, a, b) => expect(score(a).score).toBeGreaterThan(score(b).score + 0.2),
  )

  it.each(nearMisses.flatMap((a) => offTopic.map((b) => [a.title, b.title, a, b] as const)))(
    'near-miss "%s" scores above off-topic "%s"',
    (_a, _b, a, b) => expect(score(a).score).toBeGreaterThan(score(b).score),
  )

  it('keeps scores in [0, 1] and off-topic articles near the bottom', () => {
    for (const doc of [...inSector, ...nearMisses, ...offTopic, A.cryptoSpam]) {
      const e = score(doc)
      expect(e.score).toBeGreaterThanOrEqual(0)
      expect(e.score).toBeLessThanOrEqual(1)
    }
    for (const doc of offTopic) expect(score(doc).score).toBeLessThan(0.15)
    for (const doc of inSector) expect(score(doc).score).toBeGreaterThan(0.8)
  })

  it('counts a title match more than the same match in the body', () => {
    const base = {
      text: 'Ce qui change cette semaine pour les comptes professionnels et les marques.',
    }
    const inTitle = A.article({ ...base, title: 'Instagram : ce qui change', text: base.text })
    const inBody = A.article({
      title: 'Ce qui change cette semaine',
      text: `Instagram. ${base.text}`,
    })
    expect(score(inTitle).profile.score).toBeGreaterThan(score(inBody).profile.score * 1.5)
    expect(termsOf(inTitle)).toContainEqual(
      expect.objectContaining({ display: 'Instagram', where: 'title' }),
    )
    expect(termsOf(inBody)).toContainEqual(
      expect.objectContaining({ display: 'Instagram', where: 'body' }),
    )
  })

  it.each([
    ['straight apostrophe', A.phraseVariants.straight, true],
    ['curly apostrophe and capitals', A.phraseVariants.curly, true],
    ['words far apart', A.phraseVariants.apart, false],
  ] as const)('phrase "taux d\'engagement" with %s: matched = %s', (_label, text, matched) => {
    const found = termsOf(A.article({ title: 'Étude annuelle', text })).map((t) => t.display)
    expect(found.includes("taux d'engagement")).toBe(matched)
    expect(found).toContain('engagement')
  })

  it('pushes articles with excluded terms down and says why', () => {
    const spam = score(A.cryptoSpam)
    expect(spam.profile.score).toBeGreaterThan(0.3)
    expect(spam.score).toBeLessThan(score(A.nearMissSeo).score)
    expect(spam.profile.excluded.map((x) => x.display)).toEqual(
      expect.arrayContaining(['crypto', 'bitcoin', 'trading', 'code promo']),
    )
    expect(spam.reason).toContain('exclu')
    const clean = score(A.inSectorFr)
    const tainted = score({
      ...A.inSectorFr,
      text: `${A.inSectorFr.text} Bonus : un code promo casino.`,
    })
    expect(tainted.score).toBeLessThan(clean.score * 0.5)
  })

  it('explains matched topics and terms with where they were found', () => {
    const e = score(A.inSectorFr)
    const topics = e.profile.topics.map((t) => t.name)
    expect(topics).toEqual(
      expect.arrayContaining(['Métier de community manager', 'Engagement et modération']),
    )
    expect(termsOf(A.inSectorFr)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          topic: 'Métier de community manager',
          display: 'community manager',
          where: 'title',
        }),
        expect.objectContaining({
          topic: 'Engagement et modération',
          display: "taux d'engagement",
          where: 'title',
        }),
        expect.objectContaining({
          topic: 'Engagement et modération',
          display: "taux d'engagement",
          where: 'body',
        }),
        expect.objectContaining({
          topic: 'Plateformes sociales',
          display: 'LinkedIn',
          where: 'title',
        }),
      ]),
    )
    expect(e.reason).toMatch(/^community manager \(titre\) · taux d'engagement \(titre\)/)
    expect(score(A.inSectorFr, { lang: 'en' }).reason).toContain('(title)')
    expect(score(A.offTopicFr).profile.topics).toEqual([])
    expect(score(A.offTopicFr).reason).toContain('aucun thème du profil')
  })

  it('matches English articles through English analysis of the same profile', () => {
    const found = termsOf(A.inSectorEn).map((t) => t.display)
    expect(found).toEqual(
      expect.arrayContaining(['engagement rate', 'social media manager', 'Instagram']),
    )
  })

  it('drops a profile phrase that analysis would reduce to a generic word', () => {
    const profile = compileProfile({
      topics: [{ name: 'TikTok', weight: 1, terms: ['For You page'] }],
      excluded: [],
      halfLifeHours: 48,
    })
    expect(profile.terms.en).toEqual([])
    expect(profile.terms.fr.map((t) => t.display)).toEqual(['For You page'])
  })

  it('never lets a term shrink to one of its words: "start-up" is not "start"', () => {
    const profile = compileProfile({
      topics: [{ name: 'Tech', weight: 1, terms: ['start-up', 'rolls out'] }],
      excluded: [],
      halfLifeHours: 48,
    })
    // English drops "up" and "out": the compound is matched whole, the phrase not at all.
    expect(profile.terms.en.map((t) => t.key)).toEqual(['startup'])
    expect(profile.terms.fr.map((t) => t.key)).toEqual(['start up', 'roll out'])
    const strength = (title: string) =>
      matchProfile(analyzeDoc({ ...A.offTopicEn, title, text: title }), profile).strength
    expect(strength('Network Rail starts consultation over job reforms')).toBe(0)
    expect(strength('A fintech startup raises 20 million to reach new markets')).toBeGreaterThan(0)
  })

  it('weighs terms by rarity when given document frequencies', () => {
    const doc = A.inSectorEn
    const terms = analyzeDoc(doc).bodyTerms
    const common = new Map(terms.map((t) => [t, 900]))
    const rare = new Map(terms.map((t) => [t, 3]))
    const withCommon = score(doc, { df: { docs: 1000, df: common } }).profile.score
    const withRare = score(doc, { df: { docs: 1000, df: rare } }).profile.score
    expect(withRare).toBeGreaterThan(withCommon)
  })
})

describe('names in profile terms', () => {
  it('does not let "Meta AI" match any "Meta" in French, where "ai" is a stop word', async () => {
    const { compileProfile } = await import('../../src/score/index.ts')
    const p = compileProfile({ topics: [{ name: 'IA', weight: 1, terms: ['Meta AI', 'taux d’engagement'] }], excluded: [], halfLifeHours: 48 })
    expect(p.terms.fr.map((t) => t.display)).toEqual(['taux d’engagement'])
    expect(p.terms.en.map((t) => t.display)).toContain('Meta AI')
  })
})
