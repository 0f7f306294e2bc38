// The reader lists the newest versions of an annotation and says how many older ones it leaves
// out, with a link that lists every one (it used to say so with no way to see them but the API).
import { describe, expect, it } from 'vitest'
import * as A from '../fixtures/sources-admin/articles.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const versionsListed = (html: string) =>
  [...html.matchAll(/<li class="annotation-version">/g)].length

describe('the annotation history in the reader', () => {
  it('shows ten versions of thirteen, says so, and lists all thirteen on request', async () => {
    let id = 0
    const t = await testApp({
      role: 'curator',
      seed: async (db) => ([id] = await seedArticles(db, A.SECTOR, [A.moderation])),
    })
    for (let v = 0; v < 13; v++) {
      const res = await t.request(`/api/articles/${id}/annotation`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          note: `Relecture n° ${v + 1} de la charte de modération`,
          tags: ['modération'],
          commentary: '',
          baseVersion: v,
        }),
      })
      expect(res.status).toBe(200)
    }
    const page = await (await t.request(`/articles/${id}`)).text()
    expect(page).toContain('Historique (13 versions)')
    expect(versionsListed(page)).toBe(10)
    expect(page).toContain('3 versions plus anciennes ne sont pas affichées.')
    expect(page).toContain(`href="/articles/${id}?history=all#annotation-history"`)
    expect(page).toContain('Afficher les 13 versions')
    expect(page).not.toContain('Relecture n° 1 de la charte')

    const all = await (await t.request(`/articles/${id}?history=all`)).text()
    expect(versionsListed(all)).toBe(13)
    expect(all).toContain('Relecture n° 1 de la charte')
    expect(all).toMatch(/<details class="annotation-history" id="annotation-history" open/)
    expect(all).not.toContain('plus anciennes ne sont pas affichées')

    const bad = await t.request(`/articles/${id}?history=toutes`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('history')
  })
})
