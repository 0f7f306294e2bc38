// The profile's related terms (pseudo-relevance feedback): a ten-minute profile names a topic; the
// sector's best-matching articles say how it is written about.
import { describe, expect, it } from 'vitest'
import {
  analyzeDoc,
  compileProfile,
  docFrequencies,
  emptyModel,
  relatedTerms,
  scoreDoc,
  type AnalyzedDoc,
  type ScoreDoc,
} from '../../src/score/index.ts'

const NOW = new Date('2026-03-10T12:00:00Z')

const profile = compileProfile({
  topics: [{ name: 'Élections', weight: 1, terms: ['élection', 'parlement', 'gouvernement'] }],
  excluded: [],
  halfLifeHours: 48,
})

// On topic: the profile's words, the words of election coverage that the profile forgot (députés,
// scrutin, circonscription), and each article's own story.
const stories = [
  ['Lyon', 'la maire sortante défend son bilan sur les transports'],
  ['Nantes', 'un ancien rugbyman se présente sans étiquette'],
  ['Lille', 'la participation des étudiants inquiète les partis'],
  ['Rennes', 'les agriculteurs interpellent les candidats sur l’eau'],
  ['Dijon', 'une pétition réclame un débat télévisé supplémentaire'],
  ['Brest', 'le port militaire occupe toute la campagne'],
  ['Metz', 'la frontière luxembourgeoise pèse sur les salaires'],
  ['Tours', 'le tramway divise encore les riverains'],
  ['Caen', 'un recours conteste les procurations envoyées par courrier'],
] as const
const onTopic = stories.map(
  ([city, story]) =>
    [
      `Élection à ${city} : le gouvernement face au parlement`,
      `À ${city}, ${story}. Les députés sortants attendent le scrutin de dimanche dans une ` +
        `circonscription disputée ; le parlement suivra l'élection de près.`,
    ] as const,
)
// Off topic: the same prose habits ("selon", "aussi"), other subjects.
const subjects = [
  ['Recette', 'la tarte aux pommes se prépare avec du beurre, du sucre et une pâte brisée'],
  ['Football', "l'équipe a gagné le match grâce à un but de son attaquant en fin de partie"],
  ['Jardinage', 'les tomates se sèment au printemps, à l’abri du gel, dans un terreau léger'],
  [
    'Astronomie',
    'la comète sera visible à l’œil nu cette semaine, juste après le coucher du soleil',
  ],
  ['Cinéma', 'le film a attiré un million de spectateurs lors de sa première semaine en salles'],
  ['Voile', 'le navigateur a bouclé son tour du monde en solitaire après quatre-vingts jours'],
] as const
const offTopic = Array.from({ length: 96 }, (_, i) => {
  const [title, body] = subjects[i % subjects.length]!
  return [
    `${title} ${i}`,
    `Selon les spécialistes, ${body}. C'est aussi une affaire de saison ${i}.`,
  ]
})

const articleOf = (id: number, title: string, text: string): ScoreDoc => ({
  id,
  sectorSlug: 'elections',
  feedId: 1,
  source: 'Source',
  sourceKind: 'media',
  lang: 'fr',
  title,
  text,
  excerpt: null,
  publishedAt: NOW,
  url: `https://example.test/${id}`,
})

function sector(extra: (readonly [string, string])[] = [], withOnTopic = onTopic.length) {
  const articles = [...onTopic.slice(0, withOnTopic), ...offTopic, ...extra].map(([t, b], i) =>
    articleOf(i + 1, t, b),
  )
  const docs = articles.map((a) => ({ ...a, ...analyzeDoc(a) }))
  const df = docFrequencies(docs)
  df.related = relatedTerms(docs, profile, df)
  return { docs, df }
}

const scoreOf = (doc: ScoreDoc & AnalyzedDoc, df: ReturnType<typeof sector>['df']) =>
  scoreDoc(doc, { profile, model: emptyModel(), now: NOW, df })

describe("a profile's related terms", () => {
  it('finds the words the best matches share, and never the profile’s own words or stop words', () => {
    const { df } = sector()
    const related = [...(df.related?.fr?.keys() ?? [])]
    expect(related).toEqual(expect.arrayContaining(['deput', 'scrutin', 'circonscript']))
    for (const own of ['election', 'parl', 'gouvern']) expect(related).not.toContain(own)
    for (const filler of ['selon', 'aussi', 'le', 'de']) expect(related).not.toContain(filler)
    // Each related term counts less than a profile term.
    for (const w of df.related!.fr!.values()) expect(w).toBeLessThanOrEqual(0.4)
  })

  it('ranks an article written in the topic’s words above an off-topic one, and says which words', () => {
    const missed = [
      'Les députés préparent le scrutin',
      'Dans la circonscription, les députés sortants font campagne avant le scrutin de dimanche.',
    ] as const
    const { docs, df } = sector([missed])
    const target = scoreOf(docs.at(-1)!, df)
    const cooking = scoreOf(docs[onTopic.length]!, df)
    expect(target.score).toBeGreaterThan(cooking.score)
    expect(target.profile.related?.map((m) => m.term)).toEqual(
      expect.arrayContaining(['deput', 'scrutin']),
    )
    expect(target.reasons?.map((r) => r.code)).toContain('related_terms')
    expect(target.reason).toMatch(/mots voisins du profil : .*deput/)
    // A related word alone never makes a strong match: it stays below a real profile match.
    expect(target.score).toBeLessThan(scoreOf(docs[0]!, df).score)
  })

  it('learns nothing from too few strong matches', () => {
    const { df } = sector([], 3)
    expect(df.related?.fr).toBeUndefined()
  })

  it('reads a broad topic beyond its ten best matches: a quarter of its strong matches', () => {
    // Ten articles match best and say "scrutin"; seventy match less well and say "sénateurs".
    const best = Array.from({ length: 10 }, (_, i) => [
      `Élection ${i} : le gouvernement face au parlement`,
      `Le gouvernement et le parlement avant l'élection : le scrutin de dimanche, le gouvernement attend.`,
    ])
    const broad = Array.from({ length: 70 }, (_, i) => [
      `Élection au Sénat, épisode ${i}`,
      `Les sénateurs de la série ${i} votent au parlement cette semaine.`,
    ])
    const others = Array.from({ length: 720 }, (_, i) => {
      const [title, body] = subjects[i % subjects.length]!
      return [`${title} ${i}`, `Selon les spécialistes, ${body} (${i}).`]
    })
    const articles = [...best, ...broad, ...others].map(([t, b], i) => articleOf(i + 1, t!, b!))
    const docs = articles.map((a) => ({ ...a, ...analyzeDoc(a) }))
    const df = docFrequencies(docs)
    const related = [...(relatedTerms(docs, profile, df).fr?.keys() ?? [])]
    // Eighty strong matches: twenty read, so the broad coverage's word is found too.
    expect(related).toEqual(expect.arrayContaining(['scrutin', 'senateur']))
  })
})
