// "-mot" in a query leaves out the articles that have the word: a curator following a brand or a
// network drops the job offers, the webinars or a homonym. Checked on a live index and on one saved
// and loaded again (packed shards answer from other structures).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { createSearchIndex } from '../../src/search/index.ts'
import { excludedTermsOf, parseQuery } from '../../src/search/query.ts'
import { doc } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

const DOCS = [
  doc(1, 'LinkedIn : recrutement de community managers en CDI', {
    text: 'Une agence lyonnaise recrute trois community managers pour ses clients B2B.',
  }),
  doc(2, 'LinkedIn : les carrousels gagnent en portée', {
    text: 'Les documents PDF restent le format le plus partagé par les pages entreprises.',
  }),
  doc(3, 'LinkedIn ads: recruiting campaigns get cheaper', {
    lang: 'en',
    text: 'Sponsored job posts cost less this quarter, agencies say.',
  }),
  doc(4, 'Webinaire : piloter son e-réputation sur LinkedIn', {
    text: 'Inscriptions ouvertes pour le webinaire de jeudi sur les avis et la modération.',
  }),
]
const ids = (r: { hits: { id: number }[]; total: number }) => ({
  ids: r.hits.map((h) => h.id).sort((a, b) => a - b),
  total: r.total,
})

async function indexes() {
  const live = createSearchIndex({ dir: null })
  await live.upsert(DOCS)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-search-'))
  dirs.push(dir)
  const clock = fixedClock('2025-03-28T00:00:00Z')
  const saved = createSearchIndex({ dir, clock })
  await saved.upsert(DOCS)
  await saved.save()
  const loaded = createSearchIndex({ dir, clock })
  await loaded.load()
  return { live, loaded }
}

describe('excluded words in a query', () => {
  it('reads "-mot" as an exclusion, and a hyphen inside a word as part of it', () => {
    expect(excludedTermsOf('LinkedIn -Recrutements')).toEqual(['recrut'])
    expect(parseQuery('LinkedIn -recrutement').map((w) => w.word)).toEqual(['linkedin'])
    expect(excludedTermsOf('e-réputation LinkedIn')).toEqual([])
    expect(parseQuery('e-réputation').map((w) => w.word)).toEqual(['réputation'])
    // A dash alone, or before a space, excludes nothing; stop words excluded are no exclusion.
    expect(excludedTermsOf('LinkedIn - ads -les')).toEqual([])
  })

  it.each(['live', 'loaded'] as const)(
    'leaves out every article with an excluded word (%s index)',
    async (which) => {
      const index = (await indexes())[which]
      const search = async (q: string) => ids(await index.search(q, { everyMonth: true }))
      expect(await search('LinkedIn')).toEqual({ ids: [1, 2, 3, 4], total: 4 })
      // The plural, a verb of the same stem, in the title or the text: all left out.
      expect(await search('LinkedIn -recrutements')).toEqual({ ids: [2, 3, 4], total: 3 })
      expect(await search('LinkedIn -recrutement -webinaire')).toEqual({ ids: [2, 3], total: 2 })
      // English words go through the English reading ("recruiting" -> recruit).
      expect(await search('LinkedIn -recruit')).toEqual({ ids: [1, 2, 4], total: 3 })
      // A word that no article has changes nothing.
      expect(await search('LinkedIn -snapchat')).toEqual({ ids: [1, 2, 3, 4], total: 4 })
      // Facets count what is left.
      const r = await index.search('LinkedIn -recruit', { everyMonth: true })
      expect(r.facets.lang).toEqual({ fr: 3 })
      expect(r.words).toEqual(['linkedin'])

      // An article written since (to a loaded month: a layer over the packed one) is left out too.
      await index.upsert([
        doc(5, 'LinkedIn recrute des alternants en community management', {
          text: 'Offres de recrutement pour la rentrée.',
        }),
      ])
      expect(await search('LinkedIn -recrutement')).toEqual({ ids: [2, 3, 4], total: 3 })
      expect(await search('LinkedIn alternants')).toEqual({ ids: [5], total: 1 })
    },
  )
})
