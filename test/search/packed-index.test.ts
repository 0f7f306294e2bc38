import { describe, expect, it } from 'vitest'
import MiniSearch from 'minisearch'
import { analyseDoc } from '../../src/search/doc-terms.ts'
import { MINISEARCH_OPTIONS } from '../../src/search/mini-options.ts'
import { PackedIndex } from '../../src/search/packed-index.ts'
import { parseQuery, toMiniQuery } from '../../src/search/query.ts'
import {
  type Encoded,
  encodeIndex,
  flattenIndex,
  indexText,
  parseIndexFlat,
} from '../../src/search/shard-codec.ts'
import { allFixtureDocs } from './helpers.ts'

const QUERIES = ['réseaux sociaux', 'engagement instagram', 'communit', 'modération', 'newslet']

function miniSearchOfFixtures() {
  const ms = new MiniSearch(MINISEARCH_OPTIONS)
  ms.addAll(allFixtureDocs().map(analyseDoc))
  return ms
}

// Results as compared: the order of matched terms follows the vocabulary tree, which packing rebuilds.
const answers = (ms: MiniSearch, q: string, mode: 'AND' | 'OR') =>
  ms
    .search(toMiniQuery(parseQuery(q), mode))
    .map((r) => ({ id: r.id as number, score: r.score, terms: [...r.terms].sort() }))

describe('a packed shard index', () => {
  it('unpacks into a MiniSearch that answers as the one it was packed from', () => {
    const original = miniSearchOfFixtures()
    const whole = PackedIndex.fromJSON(encodeIndex(original)).thaw()
    for (const q of QUERIES) {
      for (const mode of ['AND', 'OR'] as const) {
        const want = answers(original, q, mode)
        expect(want.length, q).toBeGreaterThan(0)
        expect(answers(whole, q, mode), q).toEqual(want)
      }
    }
    // Writable: a new article is found.
    whole.add(analyseDoc({ ...allFixtureDocs()[0]!, id: 900, title: 'Tournesol et réseaux' }))
    expect(answers(whole, 'tournesol', 'OR').map((r) => r.id)).toEqual([900])
  })

  it('loads from its file in slices, with yields between them, as it would at once', async () => {
    const json = encodeIndex(miniSearchOfFixtures())
    let yields = 0
    const sliced = await PackedIndex.fromJSONSliced(json, async () => void yields++, {
      bytes: 500,
      postings: 100,
    })
    // The fixtures' postings are a few thousand: read and packed in many slices.
    expect(yields).toBeGreaterThan(10)
    const whole = PackedIndex.fromJSON(json)
    for (const q of QUERIES)
      for (const mode of ['AND', 'OR'] as const)
        expect(answers(sliced.thaw(), q, mode), q).toEqual(answers(whole.thaw(), q, mode))
    // Damaged text is refused in slices too.
    await expect(
      PackedIndex.fromJSONSliced(json.slice(0, -10), async () => {}, { bytes: 500, postings: 100 }),
    ).rejects.toThrow(/damaged/)
  })

  it('knows its articles, and its postings are the MiniSearch postings as arrays', () => {
    const original = miniSearchOfFixtures()
    const packed = PackedIndex.fromJSON(encodeIndex(original))
    const ids = allFixtureDocs().map((d) => d.id)
    for (const [shortId, id] of packed.documentIds) expect(packed.shortIdOf(id)).toBe(shortId)
    expect(new Set([...packed.documentIds].map(([, id]) => id))).toEqual(new Set(ids))
    expect(packed.shortIdOf(Math.max(...ids) + 1)).toBeUndefined()
    expect(packed.shortIdOf(Math.min(...ids) - 1)).toBeUndefined()
    expect(packed.documentCount).toBe(ids.length)
    // The term in the most articles, in several fields.
    const [term] = [...packed.tree.atPrefix('')].sort(
      (a, b) =>
        [...b[1].values()].reduce((n, f) => n + f.size, 0) -
        [...a[1].values()].reduce((n, f) => n + f.size, 0),
    )[0]!
    expect(packed.tree.get(term)!.size).toBeGreaterThan(1)
    const fromMaps = (
      original as unknown as { _index: { get(t: string): Map<number, Map<number, number>> } }
    )._index.get(term)!
    const fromPacked = packed.tree.get(term)!
    expect([...fromPacked.keys()].sort()).toEqual([...fromMaps.keys()].sort())
    for (const [field, freqs] of fromMaps) {
      const got = new Map<number, number>()
      fromPacked.get(field)!.forEach((tf, shortId) => got.set(shortId, tf))
      expect(got).toEqual(freqs)
      for (const shortId of freqs.keys()) expect(fromPacked.get(field)!.has(shortId)).toBe(true)
      expect(fromPacked.get(field)!.has(10_000)).toBe(false)
    }
  })

  it('reads the postings off the text as the JSON parser would, and refuses a damaged file', () => {
    const json = encodeIndex(miniSearchOfFixtures())
    const flat = parseIndexFlat(json)
    const parsed = JSON.parse(json) as Encoded
    expect([...flat.numbers]).toEqual(parsed.postings.flat())
    expect(flat.termStart).toHaveLength(parsed.terms.length + 1)
    parsed.postings.forEach((p, t) =>
      expect([...flat.numbers.subarray(flat.termStart[t], flat.termStart[t + 1])]).toEqual(p),
    )
    const postingsAt = json.indexOf(',"postings":')
    const damaged = [
      json.slice(0, -10), // truncated
      json.slice(0, postingsAt + 20) + 'x' + json.slice(postingsAt + 21), // a letter among numbers
      json.slice(0, postingsAt) + ',"postings":[[1,2]]}', // fewer terms than the vocabulary
      json.slice(0, postingsAt) +
        ',"postings":' +
        JSON.stringify(parsed.postings.map((p) => p.slice(0, -1))) +
        '}', // runs cut short
      json.replace(',"postings":', ',"postingz":'),
    ]
    for (const text of damaged) expect(() => PackedIndex.fromJSON(text)).toThrow(/damaged/)
    // As a file's bytes: the same index, and bytes that are not UTF-8 are refused.
    const bytes = new TextEncoder().encode(json)
    expect(parseIndexFlat(bytes)).toEqual(flat)
    const termAt = bytes.indexOf(0x22, new TextDecoder().decode(bytes).indexOf('"terms":') + 9)
    const notUtf8 = Uint8Array.from(bytes)
    notUtf8[termAt + 1] = 0xff
    expect(() => PackedIndex.fromJSON(notUtf8)).toThrow(/damaged.*UTF-8/)
    const digitAt = bytes.indexOf(0x31, bytes.length - 200)
    const highByte = Uint8Array.from(bytes)
    highByte[digitAt] = 0xc3
    expect(() => PackedIndex.fromJSON(highByte)).toThrow(/damaged/)
    // An empty month (all its articles moved away) packs too.
    const empty = PackedIndex.fromJSON(encodeIndex(new MiniSearch(MINISEARCH_OPTIONS)))
    expect(empty.documentCount).toBe(0)
    expect(empty.tree.get('communaute')).toBeUndefined()
  })

  it('writes a shard in slices as the JSON it always wrote, and packs what it wrote without reading it back', async () => {
    const ms = miniSearchOfFixtures()
    // A replaced and a removed article: their postings are dropped on the way out.
    ms.discard(allFixtureDocs()[0]!.id)
    ms.discard(allFixtureDocs()[1]!.id)
    ms.add(analyseDoc({ ...allFixtureDocs()[1]!, title: 'Réseaux : une version corrigée' }))
    const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))
    const flat = await flattenIndex(ms, yieldNow)
    const text = (await indexText(flat, yieldNow)).join('')
    expect(text).toBe(encodeIndex(ms))
    // JSON, key for key as JSON.stringify writes the whole object.
    expect(text).toBe(JSON.stringify(JSON.parse(text)))
    expect(parseIndexFlat(text)).toEqual(flat)
    const packed = PackedIndex.fromFlat(flat)
    expect(packed.documentCount).toBe(ms.documentCount)
    expect(packed.shortIdOf(allFixtureDocs()[0]!.id)).toBeUndefined()
    // Answers as the MiniSearch once its discarded postings are gone too.
    await ms.vacuum()
    for (const q of QUERIES) {
      expect(answers(ms, q, 'OR').length, q).toBeGreaterThan(0)
      expect(answers(packed.thaw(), q, 'OR'), q).toEqual(answers(ms, q, 'OR'))
    }
  })
})
