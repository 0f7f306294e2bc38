// Stories never chain: A~B and B~C do not make one story of unrelated A and C, and a story grows
// only when the newcomer is close to what its members share.
import { describe, expect, it } from 'vitest'
import { analyzeDoc, clusterStories, type ScoreDoc } from '../../src/score/index.ts'

const base = new Date('2026-11-18T08:00:00Z')
let nextId = 1
function article(title: string, text: string, hours: number, source: string): ScoreDoc {
  return {
    id: nextId++,
    sectorSlug: 'x',
    feedId: nextId,
    source,
    sourceKind: 'media',
    lang: 'fr',
    title,
    text,
    excerpt: null,
    publishedAt: new Date(base.getTime() + hours * 3_600_000),
    url: `https://${source}.test/${nextId}`,
  }
}
const prepared = (docs: ScoreDoc[]) =>
  docs.map((d) => ({ ...analyzeDoc(d), publishedAt: d.publishedAt }))

// A: a metro strike in Lyon. C: a concert at the Halle Tony Garnier. B: the strike that makes the
// concert start late: it shares the strike with A and the concert with C; A and C share nothing.
const strike = article(
  'Grève des TCL : le métro de Lyon à l’arrêt jeudi, les lignes A et D fermées',
  'La grève des conducteurs des TCL paralysera le métro de Lyon jeudi. Les lignes A et D seront fermées toute la journée, annonce le Sytral, et seule une rame sur trois circulera sur la ligne B. Les syndicats des TCL réclament une hausse des salaires.',
  0,
  'lyon-info',
)
const strikeAndConcert = article(
  'Grève des TCL : métro de Lyon fermé jeudi, le concert d’Orelsan à la Halle Tony Garnier retardé',
  'Avec la grève des conducteurs des TCL, le métro de Lyon sera fermé jeudi sur les lignes A et D. Le concert d’Orelsan à la Halle Tony Garnier commencera une heure plus tard pour laisser aux spectateurs le temps d’arriver, annonce l’organisateur Live Nation.',
  3,
  'le-progres',
)
const concert = article(
  'Orelsan à la Halle Tony Garnier : une heure de retard pour le concert, dit Live Nation',
  'Le concert d’Orelsan à la Halle Tony Garnier commencera une heure plus tard que prévu, annonce Live Nation. Le rappeur caennais y présente son nouvel album devant dix-sept mille spectateurs, et la Halle Tony Garnier affiche complet depuis septembre.',
  6,
  'culture-lyon',
)

describe('clusterStories never chains', () => {
  it('keeps A and C apart when A~B and B~C (two stories, not one)', () => {
    const stories = clusterStories(prepared([strike, strikeAndConcert, concert]))
    expect(stories.get(strike.id)).not.toBe(stories.get(concert.id))
    // B still joins one of them: each link on its own is real.
    const b = stories.get(strikeAndConcert.id)
    expect([stories.get(strike.id), stories.get(concert.id)]).toContain(b)
    expect(new Set(stories.values()).size).toBe(2)
  })

  it('joins A and B when C is absent, and B and C when A is absent', () => {
    const ab = clusterStories(prepared([strike, strikeAndConcert]))
    expect(ab.get(strikeAndConcert.id)).toBe(ab.get(strike.id))
    const bc = clusterStories(prepared([strikeAndConcert, concert]))
    expect(bc.get(concert.id)).toBe(bc.get(strikeAndConcert.id))
  })

  it('does not join two lone articles that only share their subject', () => {
    const dismissal = article(
      'Olympique lyonnais : Pierre Sage limogé après la défaite contre Lens',
      'L’Olympique lyonnais a limogé son entraîneur Pierre Sage au lendemain de la défaite contre Lens. Le club cherche un successeur et John Textor doit s’exprimer vendredi devant la presse.',
      0,
      'sport-lyon',
    )
    const stadium = article(
      'Olympique lyonnais : le Groupama Stadium accueillera la finale de la Coupe de France',
      'L’Olympique lyonnais a obtenu que la finale de la Coupe de France se joue au Groupama Stadium. La fédération a confirmé le choix, et John Textor a salué une bonne nouvelle pour la ville.',
      5,
      'lyon-info',
    )
    const stories = clusterStories(prepared([dismissal, stadium]))
    expect(stories.get(stadium.id)).toBe(stadium.id)
  })

  it('does not let a round-up of two news items make one story of them', () => {
    // The round-up is close to both items and to what they share (X, its owner); the two items
    // share only that, less than a story needs: they were one story while members needed half of it.
    const roundUp = article(
      'Amende de 120 millions d’euros pour X, Grok 4 disponible en France : la semaine d’Elon Musk',
      'La Commission européenne a infligé jeudi une amende de 120 millions d’euros au réseau social X pour manquement au règlement sur les services numériques (DSA), à cause de sa coche bleue trompeuse et de son registre publicitaire incomplet. Le même jour, xAI a ouvert Grok 4 aux utilisateurs français de X : l’assistant répond désormais en français et génère des images. Elon Musk a dénoncé l’amende et vanté Grok 4.',
      0,
      'tech-hebdo',
    )
    const fine = article(
      'Bruxelles inflige à X une amende de 120 millions d’euros au titre du DSA',
      'La Commission européenne a infligé jeudi une amende de 120 millions d’euros au réseau social X pour manquement au règlement sur les services numériques (DSA). Bruxelles reproche à la plateforme sa coche bleue trompeuse et l’opacité de son registre publicitaire. X dispose de soixante jours pour se mettre en conformité, faute de quoi des astreintes suivront. La coche bleue est vendue avec l’abonnement Premium de X depuis qu’Elon Musk a racheté le réseau social.',
      4,
      'europe-numerique',
    )
    const launch = article(
      'Grok 4 arrive en France : l’assistant de xAI parle français et génère des images',
      'xAI a ouvert jeudi Grok 4 aux utilisateurs français de X, le réseau social d’Elon Musk. L’assistant conversationnel répond désormais en français, résume l’actualité du réseau social et génère des images à partir d’une simple description. Grok 4 est réservé aux abonnés Premium de X, et xAI promet une application autonome pour le printemps.',
      6,
      'ia-actu',
    )
    const stories = clusterStories(prepared([roundUp, fine, launch]))
    expect(stories.get(fine.id)).toBe(stories.get(roundUp.id))
    expect(stories.get(launch.id)).toBe(launch.id)
  })
})
