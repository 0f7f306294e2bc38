import { describe, expect, it } from 'vitest'
import { mergeCandidates, normaliseName, type PersonCandidate } from '../../src/directory/index.ts'

const cand = (feedId: number, name: string, handles: [string, string][] = []): PersonCandidate => ({
  key: `${feedId}|${normaliseName(name)}`,
  feedId,
  name,
  normName: normaliseName(name),
  articles: 1,
  handles: handles.map(([network, handle]) => ({
    network: network as PersonCandidate['handles'][number]['network'],
    handle,
    url: '',
    signal: 'twitter:creator',
    articleId: null,
    feedId,
  })),
})

const keys = (groups: PersonCandidate[][]) => groups.map((g) => g.map((c) => c.key).sort())

describe('merging people', () => {
  it('folds accents, case and a "par" prefix', () => {
    expect(normaliseName('Par  Hélène Lefèvre-Durand')).toBe('helene lefevre durand')
  })

  it('joins the same person on two blogs through a shared handle, whatever the spelling', () => {
    const groups = mergeCandidates([
      cand(1, 'Claire Dupont', [['x', '@clairedupont']]),
      cand(2, 'C. Dupont', [
        ['x', '@clairedupont'],
        ['mastodon', '@claire@piaille.fr'],
      ]),
    ])
    expect(keys(groups)).toEqual([['1|claire dupont', '2|c dupont']])
  })

  it('keeps two namesakes apart when their handles disagree', () => {
    const groups = mergeCandidates([
      cand(1, 'Thomas Martin', [['x', '@tmartin_seo']]),
      cand(2, 'Thomas Martin', [['x', '@thomasmartin_cm']]),
    ])
    expect(groups).toHaveLength(2)
  })

  it('joins the same name across sources when nothing disagrees', () => {
    const groups = mergeCandidates([
      cand(1, 'Yann Gourvennec', [['linkedin', 'in/ygourvennec']]),
      cand(2, 'Yann GOURVENNEC'),
      cand(3, 'Casey Newton'),
    ])
    expect(keys(groups)).toEqual([['1|yann gourvennec', '2|yann gourvennec'], ['3|casey newton']])
  })

  it('does not let a name bridge two people a handle already told apart', () => {
    const groups = mergeCandidates([
      cand(1, 'Thomas Martin', [['x', '@a']]),
      cand(2, 'Thomas Martin'),
      cand(3, 'Thomas Martin', [['x', '@b']]),
    ])
    // The bare spelling joins one of them, never both.
    expect(groups).toHaveLength(2)
  })
})
