import type { Options } from 'minisearch'
import { INDEXED_FIELDS, type AnalysedDoc } from './doc-terms.ts'

// Text arrives analysed (see doc-terms.ts), so MiniSearch only splits on the spaces we put there.
const splitTerms = (s: string) => (s ? s.split(' ') : [])
const asIs = (t: string) => t

/** The one MiniSearch configuration, for new, loaded and decoded shards alike. */
export const MINISEARCH_OPTIONS: Options<AnalysedDoc> = {
  idField: 'id',
  fields: [...INDEXED_FIELDS],
  storeFields: [],
  // MiniSearch's automatic vacuum walks the radix tree in batches with a timer between them, and
  // a document added meanwhile can split an edge the walk still holds: the next batch then throws
  // in TreeIterator.dive, from a promise nobody awaits, which kills the process. Shards vacuum
  // explicitly instead, inside the index's writer lock (Shard.vacuumIfDirty).
  autoVacuum: false,
  tokenize: splitTerms,
  processTerm: asIs,
  searchOptions: {
    tokenize: (s) => [s],
    processTerm: asIs,
    boost: { title: 3, tags: 2, excerpt: 1.5, author: 1.5, site: 1.5, text: 1 },
    maxFuzzy: 2,
  },
}
