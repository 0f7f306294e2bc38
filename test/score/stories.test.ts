import { describe, expect, it } from 'vitest'
import {
  analyzeDoc,
  clusterStories,
  hamming,
  simhash,
  type ScoreDoc,
} from '../../src/score/index.ts'
import * as S from '../fixtures/score/stories.ts'

const prepared = (docs: ScoreDoc[]) =>
  docs.map((d) => ({ ...analyzeDoc(d), publishedAt: d.publishedAt }))
const threads = [S.threadsEn, S.threadsFr1, S.threadsFr2]

describe('clusterStories', () => {
  const stories = clusterStories(prepared(S.storyFixtures))

  it('puts one story told by three sources, in English and French, in one story', () => {
    const first = Math.min(...threads.map((d) => d.id))
    for (const d of threads) expect(stories.get(d.id)).toBe(first)
  })

  it.each([S.instagramReels, S.linkedinVideo, S.tiktokShopEn])(
    'keeps "$title" in its own story',
    (doc) => {
      expect(stories.get(doc.id)).toBe(doc.id)
    },
  )

  it('joins a republished copy with boilerplate changes', () => {
    expect(stories.get(S.blueskyCopy.id)).toBe(S.blueskyOriginal.id)
  })

  it('finds near-duplicates by their fingerprints alone', () => {
    const dupesOnly = clusterStories(prepared(S.storyFixtures), {
      minSimilarity: 2,
      minCrossSimilarity: 2,
    })
    expect(dupesOnly.get(S.blueskyCopy.id)).toBe(S.blueskyOriginal.id)
    expect(dupesOnly.get(S.threadsFr1.id)).toBe(S.threadsFr1.id)
    const [a, b] = prepared([S.blueskyOriginal, S.blueskyCopy])
    expect(hamming(simhash(a!), simhash(b!))).toBeLessThan(
      hamming(simhash(a!), simhash(prepared([S.threadsFr1])[0]!)),
    )
  })

  it('does not join articles on one subject published weeks apart', () => {
    const later = {
      ...S.threadsFr2,
      publishedAt: new Date(S.threadsFr2.publishedAt.getTime() + 20 * 86_400_000),
    }
    const result = clusterStories(prepared([S.threadsEn, later]))
    expect(result.get(later.id)).toBe(later.id)
  })

  it('keeps the story id stable as the story grows with later articles', () => {
    const early = clusterStories(prepared([S.threadsEn, S.threadsFr1]))
    expect(early.get(S.threadsFr1.id)).toBe(S.threadsEn.id)
    expect(stories.get(S.threadsFr2.id)).toBe(early.get(S.threadsFr1.id))
  })

  it('gives a 64-bit hex simhash, equal for equal texts', () => {
    const [a] = prepared([S.threadsEn])
    expect(simhash(a!)).toMatch(/^[0-9a-f]{16}$/)
    expect(simhash({ ...a!, id: 999 })).toBe(simhash(a!))
  })

  it('leaves empty articles alone', () => {
    const empty = prepared([1, 2, 3].map((id) => ({ ...S.threadsEn, id, title: '', text: '' })))
    expect([...clusterStories(empty).entries()]).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
  })
})
