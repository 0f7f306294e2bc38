import { describe, expect, it } from 'vitest'
import {
  analyzeDoc,
  emptyModel,
  learnFromDecision,
  learnFromDecisions,
  MODEL_TERMS_MAX,
  unlearnDecision,
  type SectorModel,
} from '../../src/score/index.ts'
import { article } from '../fixtures/score/articles.ts'
import { ads, influence, unseenAds, unseenInfluence } from '../fixtures/score/learning.ts'
import { score } from './helpers.ts'

const curated = (): SectorModel =>
  learnFromDecisions(emptyModel(), [
    ...influence.map((doc) => ({ doc, action: 'approve' as const })),
    ...ads.map((doc) => ({ doc, action: 'reject' as const })),
  ])

describe('learning from decisions', () => {
  it('raises unseen articles like the approved ones and lowers those like the rejected ones', () => {
    const model = curated()
    const before = { x: score(unseenInfluence), y: score(unseenAds) }
    const after = { x: score(unseenInfluence, { model }), y: score(unseenAds, { model }) }
    // Scores are a logistic of the evidence: a strong match is already near 1, so the move is
    // measured on the logit, where learning adds or takes away a fixed amount.
    expect(logit(after.x.score) - logit(before.x.score)).toBeGreaterThan(0.4)
    expect(logit(after.y.score) - logit(before.y.score)).toBeLessThan(-0.4)
    expect(after.x.learned.score).toBeGreaterThan(0.2)
    expect(after.y.learned.score).toBeLessThan(-0.2)
    expect(after.x.reason).toContain('proche de vos choix')
    expect(after.y.reason).toContain('loin de vos choix')
  })

  it('names the terms behind the learned part, positive and negative', () => {
    const model = curated()
    const x = score(unseenInfluence, { model }).learned.terms
    const y = score(unseenAds, { model }).learned.terms
    expect(x.find((t) => t.term === 'influenceur')?.weight).toBeGreaterThan(0)
    expect(y.find((t) => t.term === 'cpm')?.weight).toBeLessThan(0)
    expect(y.every((t, i) => i === 0 || Math.abs(t.weight) <= Math.abs(y[i - 1]!.weight))).toBe(
      true,
    )
  })

  it('learns words that are also names of built-in object members (an F1 constructor)', () => {
    const f1 = article({
      lang: 'en',
      title:
        'Constructor standings: how the teams turned their constructor title into social media reach',
      text: 'Each constructor now runs its own community. The constructor with the most engaged fans posts behind-the-scenes clips, and its constructor account answers comments within the hour. Rivals copy the format, but a constructor cannot fake the tone of its engineers.',
    })
    const doc = analyzeDoc(f1)
    expect([...doc.titleTerms, ...doc.bodyTerms]).toContain('constructor')
    const model = learnFromDecision(emptyModel(), f1, 'approve')
    expect(Object.hasOwn(model.terms, 'constructor')).toBe(true)
    const term: string = 'constructor'
    expect(model.terms[term]![0]).toBeGreaterThan(0)
    // Saved and read back as JSON, it learns again from the same kind of article.
    const reread = learnFromDecision(JSON.parse(JSON.stringify(model)) as SectorModel, f1, 'reject')
    expect(reread.terms[term]![1]).toBeGreaterThan(0)
  })

  it('moves a little after one decision and a lot after many', () => {
    const one = learnFromDecision(emptyModel(), influence[0]!, 'approve')
    const many = learnFromDecisions(
      one,
      influence.slice(1).map((doc) => ({ doc, action: 'approve' as const })),
    )
    const learnedOne = score(unseenInfluence, { model: one }).learned.score
    const learnedMany = score(unseenInfluence, { model: many }).learned.score
    expect(learnedOne).toBeGreaterThan(0)
    expect(learnedOne).toBeLessThan(0.25)
    expect(learnedMany).toBeGreaterThan(learnedOne * 1.5)
  })

  it('counts a reshare more than an approve', () => {
    const approved = learnFromDecision(emptyModel(), influence[0]!, 'approve')
    const reshared = learnFromDecision(emptyModel(), influence[0]!, 'reshare')
    expect(score(unseenInfluence, { model: reshared }).learned.score).toBeGreaterThan(
      score(unseenInfluence, { model: approved }).learned.score,
    )
  })

  it('is pure, JSON-serialisable, and reversible', () => {
    const model = curated()
    const snapshot = JSON.stringify(model)
    const next = learnFromDecision(model, unseenAds, 'reject')
    expect(JSON.stringify(model)).toBe(snapshot)
    expect(next.decisions).toBe(model.decisions + 1)
    const revived = JSON.parse(JSON.stringify(next)) as SectorModel
    expect(score(unseenInfluence, { model: revived })).toEqual(
      score(unseenInfluence, { model: next }),
    )
    const undone = unlearnDecision(next, unseenAds, 'reject')
    expect(score(unseenAds, { model: undone }).learned.score).toBeCloseTo(
      score(unseenAds, { model }).learned.score,
      6,
    )
  })

  it('accepts analysed documents as well as raw ones', () => {
    const raw = learnFromDecision(emptyModel(), influence[0]!, 'approve')
    const analysed = learnFromDecision(
      emptyModel(),
      { ...analyzeDoc(influence[0]!), feedId: 20, source: 'Influence Mag' },
      'approve',
    )
    expect(analysed).toEqual(raw)
  })

  it('keeps its vocabulary bounded', () => {
    let model = emptyModel()
    for (let batch = 0; batch < 20; batch++) {
      const docs = Array.from({ length: 10 }, (_, i) =>
        article({
          title: `lot ${batch}`,
          text: Array.from({ length: 60 }, (_, k) => `mot${batch}x${i}x${k}`).join(' '),
        }),
      )
      model = learnFromDecisions(
        model,
        docs.map((doc) => ({ doc, action: 'approve' as const })),
      )
    }
    expect(Object.keys(model.terms).length).toBeLessThanOrEqual(MODEL_TERMS_MAX * 1.1)
    expect(model.decisions).toBe(200)
  })
})

const logit = (p: number) => Math.log(p / (1 - p))
