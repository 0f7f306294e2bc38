// Issue #10: learning that lifts what the curator keeps without learning the language or the
// sector's common words, freshness bounded per sector, the shortlist floor, and reasons as codes
// localised in French and English.
import { describe, expect, it } from 'vitest'
import { localiseReasons } from '../../src/http/api/cards.ts'
import { translator } from '../../web/i18n/index.ts'
import {
  analyzeDoc,
  compileProfile,
  docFrequencies,
  emptyModel,
  learnFromDecisions,
  reasonText,
  scoreDoc,
  selectShortlist,
  type Candidate,
  type ScorableDoc,
} from '../../src/score/index.ts'
import {
  DEFAULT_FRESHNESS_WEIGHT,
  DEFAULT_SHORTLIST_FLOOR,
  parseSector,
} from '../../src/sectors/index.ts'

const NOW = new Date('2026-03-10T12:00:00Z')
const HOUR = 3_600_000

let nextId = 1
function article(title: string, text: string, lang: 'fr' | 'en', feedId = 1): ScorableDoc {
  const id = nextId++
  const analysed = analyzeDoc({
    id,
    sectorSlug: 's',
    feedId,
    source: `Source ${feedId}`,
    sourceKind: 'media',
    lang,
    title,
    text,
    excerpt: null,
    publishedAt: NOW,
    url: `https://example.org/${id}`,
  })
  return { ...analysed, feedId, source: `Source ${feedId}`, sourceKind: 'media', publishedAt: NOW }
}

// Two topics in two languages; each sentence pool varies so no two articles are identical.
const FR_PROSE =
  "Selon les informations recueillies jeudi, la situation a été présentée lors d'une conférence de presse à Paris."
const EN_PROSE =
  'According to people familiar with the matter, the announcement was made on Thursday in London.'
const rugbyFr = (i: number) =>
  article(
    `Rugby : le XV de France ${['bat', 'domine', 'surprend'][i % 3]} l'Irlande au Tournoi`,
    `${FR_PROSE} Les avants du XV de France ont dominé la mêlée, l'ouvreur a réussi ses pénalités et l'essai ${i} a scellé la victoire au Tournoi des Six Nations.`,
    'fr',
    1 + (i % 4),
  )
const rugbyEn = (i: number) =>
  article(
    `Rugby: England ${['beat', 'edge', 'outplay'][i % 3]} Wales in the Six Nations`,
    `${EN_PROSE} The forwards dominated the scrum, the fly-half kicked his penalties and try number ${i} sealed the Six Nations win for the rugby side.`,
    'en',
    1 + (i % 4),
  )
const budgetFr = (i: number) =>
  article(
    `Budget : le gouvernement ${['présente', 'défend', 'modifie'][i % 3]} son projet de loi de finances`,
    `${FR_PROSE} Le ministre des Finances a détaillé le déficit public, la dette et les économies prévues ; l'amendement ${i} a été adopté à l'Assemblée.`,
    'fr',
    1 + (i % 4),
  )
const budgetEn = (i: number) =>
  article(
    `Budget: the Treasury ${['unveils', 'defends', 'revises'][i % 3]} its spending plans`,
    `${EN_PROSE} The chancellor set out the deficit, public debt and planned savings; amendment ${i} passed in Parliament after a long debate.`,
    'en',
    1 + (i % 4),
  )

// A sector whose profile neither topic matches: whatever separates them is learned.
const profile = compileProfile({
  topics: [{ name: 'Élections', weight: 1, terms: ['élection', 'election', 'scrutin'] }],
  excluded: [],
  halfLifeHours: 48,
})

describe('learning what the curator keeps', () => {
  const rugby = Array.from({ length: 12 }, (_, i) => (i % 2 ? rugbyEn(i) : rugbyFr(i)))
  const budget = Array.from({ length: 12 }, (_, i) => (i % 2 ? budgetEn(i) : budgetFr(i)))
  const corpus = [...rugby, ...budget]
  const df = docFrequencies(corpus)
  const model = learnFromDecisions(emptyModel(), [
    ...rugby.slice(0, 8).map((doc) => ({ doc, action: 'approve' as const })),
    ...budget.slice(0, 2).map((doc) => ({ doc, action: 'reject' as const })),
  ])
  const scored = (d: ScorableDoc) => scoreDoc(d, { profile, model, now: NOW, df })
  const unseenRugby = rugby.slice(8)
  const unseenBudget = budget.slice(2)

  it('lifts every undecided article of the kept topic above every one of the other, in both languages', () => {
    const lowestRugby = Math.min(...unseenRugby.map((d) => scored(d).score))
    const highestBudget = Math.max(...unseenBudget.map((d) => scored(d).score))
    expect(lowestRugby).toBeGreaterThan(highestBudget)
    for (const d of unseenRugby) expect(scored(d).learned.score).toBeGreaterThan(0)
    // Without the decisions the two topics are not told apart this way.
    const unlearned = (d: ScorableDoc) =>
      scoreDoc(d, { profile, model: emptyModel(), now: NOW, df }).score
    expect(Math.min(...unseenRugby.map(unlearned))).toBeLessThanOrEqual(
      Math.max(...unseenBudget.map(unlearned)),
    )
  })

  it('does not learn the language or the prose every article shares', () => {
    // A curator who approves only French rugby: French budget articles share its language and its
    // prose ("selon", "conférence"), yet are not lifted over English ones once the sector's mean
    // article is taken out.
    const frenchOnly = learnFromDecisions(
      emptyModel(),
      rugby.filter((d) => d.lang === 'fr').map((doc) => ({ doc, action: 'approve' as const })),
    )
    const learned = (d: ScorableDoc) =>
      scoreDoc(d, { profile, model: frenchOnly, now: NOW, df }).learned.score
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const fr = mean(unseenBudget.filter((d) => d.lang === 'fr').map(learned))
    const en = mean(unseenBudget.filter((d) => d.lang === 'en').map(learned))
    expect(fr).toBeLessThanOrEqual(0)
    expect(fr - en).toBeLessThan(0.1)
    const shown = unseenRugby.flatMap((d) => scored(d).learned.terms.map((t) => t.term))
    expect(shown).not.toContain('selon')
    expect(shown).not.toContain('accord')
  })

  it('shows a learned term with its share of the learned score, only when it shows at two decimals', () => {
    for (const d of [...unseenRugby, ...unseenBudget]) {
      const { score, terms } = scored(d).learned
      for (const t of terms) expect(Math.abs(t.weight)).toBeGreaterThanOrEqual(0.005)
      // The largest shares: together at most the learned score, of its sign.
      const sum = terms.reduce((a, t) => a + t.weight, 0)
      expect(Math.abs(sum)).toBeLessThanOrEqual(Math.abs(score) + 0.01)
    }
    const { score, terms } = scored(unseenRugby[0]!).learned
    expect(terms.length).toBeGreaterThan(0)
    expect(terms[0]!.weight).toBeGreaterThan(0.05)
    expect(score).toBeGreaterThan(terms[0]!.weight)
    // One decision teaches a little: its terms' shares are small, and those too small to see are not listed.
    const one = learnFromDecisions(emptyModel(), [{ doc: rugby[0]!, action: 'approve' }])
    const faint = scoreDoc(unseenBudget[0]!, { profile, model: one, now: NOW, df }).learned
    for (const t of faint.terms) expect(Math.abs(t.weight)).toBeGreaterThanOrEqual(0.005)
  })

  it('moves little after one decision', () => {
    const one = learnFromDecisions(emptyModel(), [{ doc: rugby[0]!, action: 'approve' }])
    const after = scoreDoc(unseenRugby[0]!, { profile, model: one, now: NOW, df })
    const before = scoreDoc(unseenRugby[0]!, { profile, model: emptyModel(), now: NOW, df })
    expect(after.score - before.score).toBeGreaterThanOrEqual(0)
    expect(after.score - before.score).toBeLessThan(0.1)
  })
})

describe('freshness settings per sector', () => {
  const sectorYaml = (extra: string) =>
    `name: Santé\nlanguage: fr\nprofile:\n  half_life_hours: 12\n${extra}  topics:\n    - name: Santé\n      terms: [paludisme, vaccin, hôpital, malaria, vaccine, hospital]\nsources: []\n`

  it('reads freshness_weight and shortlist_floor from the sector file, with defaults', () => {
    const set = parseSector(
      sectorYaml('  freshness_weight: 0.25\n  shortlist_floor: 0.4\n'),
      'sante.yaml',
      'sante',
    )
    expect(set.sector?.profile).toMatchObject({ freshnessWeight: 0.25, shortlistFloor: 0.4 })
    const unset = parseSector(sectorYaml(''), 'sante.yaml', 'sante')
    expect(unset.sector?.profile.freshnessWeight).toBeUndefined()
    expect(compileProfile(unset.sector!.profile).freshnessWeight).toBe(DEFAULT_FRESHNESS_WEIGHT)
    expect(DEFAULT_SHORTLIST_FLOOR).toBe(0.2)
  })

  it('refuses a freshness weight above its bound, naming the field', () => {
    const bad = parseSector(sectorYaml('  freshness_weight: 0.8\n'), 'sante.yaml', 'sante')
    expect(bad.sector).toBeFalsy()
    expect(JSON.stringify(bad.errors)).toContain('freshness_weight')
  })

  it('never lets a fresh off-topic article outrank an on-topic one of yesterday, at the largest weight', () => {
    // Even a profile built elsewhere with a larger weight is held to the bound.
    const strict = compileProfile({
      topics: [{ name: 'Santé', weight: 1, terms: ['paludisme', 'malaria', 'vaccin'] }],
      excluded: [],
      halfLifeHours: 6,
      freshnessWeight: 5,
    })
    expect(strict.freshnessWeight).toBe(0.3)
    const onTopic = {
      ...article(
        'Paludisme : un nouveau vaccin testé au Burkina Faso',
        "Le vaccin contre le paludisme a été administré à des enfants ; l'OMS suit l'essai.",
        'fr',
      ),
      publishedAt: new Date(NOW.getTime() - 30 * HOUR),
    }
    const offTopic = article(
      'Football : le PSG qualifié pour les quarts',
      'Le club parisien a battu Liverpool au terme d’une soirée folle au Parc des Princes.',
      'fr',
    )
    const at = (d: ScorableDoc) => scoreDoc(d, { profile: strict, model: emptyModel(), now: NOW })
    expect(at(onTopic).score).toBeGreaterThan(at(offTopic).score)
    // The weight is used: the same on-topic article is worth more fresh than a day old.
    expect(at({ ...onTopic, publishedAt: NOW }).score).toBeGreaterThan(at(onTopic).score)
  })
})

describe('shortlist floor', () => {
  const cand = (id: number, score: number): Candidate => ({
    id,
    storyId: id,
    source: `s${id}`,
    feedId: id,
    score,
    terms: [`t${id}`],
  })

  it('never picks an item below the floor, and gives a shorter list rather than a weak pick', () => {
    const picked = selectShortlist([cand(1, 0.8), cand(2, 0.5), cand(3, 0.29), cand(4, 0.1)], {
      size: 4,
      minScore: 0.3,
    })
    expect(picked.map((p) => p.id)).toEqual([1, 2])
  })
})

describe('reasons as codes, localised', () => {
  const doc = article(
    'Rugby : la victoire du XV de France',
    'Une victoire au bout du suspense, un match de légende.',
    'fr',
    7,
  )
  const model = learnFromDecisions(
    emptyModel(),
    Array.from({ length: 25 }, () => ({ doc, action: 'approve' as const })),
  )
  const sport = compileProfile({
    topics: [{ name: 'Sport', weight: 1, terms: ['match', 'victoire', 'win'] }],
    excluded: [],
    halfLifeHours: 48,
  })
  const e = scoreDoc(doc, { profile: sport, model, now: NOW, lang: 'en' })

  it('gives codes with parameters, and the same line in French and English', () => {
    const codes = e.reasons!.map((r) => r.code)
    expect(codes).toContain('title_match')
    expect(codes).toContain('liked_source')
    expect(codes).toContain('fresh')
    expect(e.reasons!.find((r) => r.code === 'liked_source')!.params).toEqual({ n: 25 })
    expect(reasonText(e.reasons!, 'fr')).toMatch(
      /\(titre\).*source appréciée \(25 décisions\) · frais$/,
    )
    expect(reasonText(e.reasons!, 'en')).toMatch(
      /\(title\).*liked source \(25 decisions\) · fresh$/,
    )
    expect(e.reason).toBe(reasonText(e.reasons!, 'en'))
  })

  it('gives API callers each code with its parameters and its text in their language', () => {
    const card = { id: 1, reason: e.reason, explanation: e }
    const en = localiseReasons(card, translator('en'))
    const fr = localiseReasons(card, translator('fr'))
    const liked = (c: typeof en) =>
      c.explanation!.reasons!.find((r) => r.code === 'liked_source') as { text?: string }
    expect(liked(en)).toEqual({
      code: 'liked_source',
      params: { n: 25 },
      text: 'liked source (25 decisions)',
    })
    expect(liked(fr)!.text).toBe('source appréciée (25 décisions)')
    expect(fr.reason).toContain('source appréciée (25 décisions)')
    expect(en.reason).toContain('liked source (25 decisions)')
  })

  it('says no profile topic when nothing matches, in both languages', () => {
    const off = scoreDoc(
      article('Budget : la loi de finances adoptée', 'Le déficit public baisse.', 'fr'),
      { profile: sport, model: emptyModel(), now: NOW },
    )
    expect(off.reasons!.map((r) => r.code)).toContain('no_profile_topic')
    expect(reasonText(off.reasons!, 'fr')).toContain('aucun thème du profil')
    expect(reasonText(off.reasons!, 'en')).toContain('no profile topic')
  })
})
