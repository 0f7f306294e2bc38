import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { createSearchIndex, type IndexDoc } from '../../src/search/index.ts'
import { allFixtureDocs, doc } from './helpers.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('an unreadable shard found by a search', () => {
  it('is rebuilt under the writers’ lock: after the write in progress, before the search answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-search-lock-'))
    dirs.push(dir)
    const clock = fixedClock('2025-03-28T00:00:00Z')
    const docs = allFixtureDocs()
    const first = createSearchIndex({ dir, clock })
    await first.upsert(docs)
    await first.save()
    const file = path.join(dir, 'community-management', '2025-01.json')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, -40))

    const events: string[] = []
    const byId = new Map<number, IndexDoc>(docs.map((d) => [d.id, d]))
    // Only the hot month is loaded at start: the search is what finds 2025-01 unreadable.
    const index = createSearchIndex({
      dir,
      clock,
      hotMonths: 1,
      docsFor: async (ids) => {
        events.push('reread from the database')
        return ids.map((id) => byId.get(id)!)
      },
    })
    await index.load()
    // A writer with thousands of articles to add, in chunks with breaks between them.
    const batch = Array.from({ length: 3000 }, (_, i) =>
      doc(10_000 + i, `Webinaire communauté numéro ${i}`, {
        text: `Replay du webinaire ${i} pour les community managers.`,
      }),
    )
    const writing = index.upsert(batch).then(() => events.push('writer done'))
    const found = await index.search('moderators playbooks')
    await writing
    expect(found.hits.map((h) => h.id)).toEqual([4])
    expect(events).toEqual(['writer done', 'reread from the database'])
    expect((await index.search('webinaire')).total).toBe(3000)
  })
})
