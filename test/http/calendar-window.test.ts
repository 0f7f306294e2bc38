// The publication calendar shows two weeks ahead; a post scheduled later is not silently left out:
// the page says how many come after, with a link to a window that shows them.
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/lib/clock.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

const SECTOR = 'community-management'
const NOW = new Date('2026-11-17T09:15:00Z')
const DAY = 86_400_000

describe('the publication calendar', () => {
  it('says how many posts are scheduled beyond its window and links to them', async () => {
    let id = 0
    const t = await testApp({
      role: 'curator',
      clock: fixedClock(NOW),
      seed: async (db) =>
        ([id] = await seedArticles(db, SECTOR, [
          {
            title: 'Threads ouvre ses statistiques aux community managers',
            text: 'Portée, abonnés gagnés et interactions par publication : Threads donne enfin des chiffres aux marques.',
            publishedAt: new Date(NOW.getTime() - 3_600_000),
            source: 'Journal des Réseaux',
          },
        ])),
    })
    const channel = await t.deps.resharing!.channels.create(SECTOR, {
      name: 'Piaille',
      kind: 'mastodon',
      settings: { instanceUrl: 'https://piaille.example' },
      secret: 'jeton-de-test',
    })
    const at = (days: number) =>
      new Date(NOW.getTime() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const res = await t.request(`/api/articles/${id}/reshares`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        posts: [
          { channelId: channel.id, text: 'Dans trois jours', when: at(3) },
          { channelId: channel.id, text: 'Dans quarante jours', when: at(40) },
          { channelId: channel.id, text: 'Dans soixante jours', when: at(60) },
        ],
      }),
    })
    expect(res.status, await res.clone().text()).toBe(201)

    const page = await (await t.request(`/reshares?sector=${SECTOR}`)).text()
    expect(page).toContain('Dans trois jours')
    expect(page).not.toContain('Dans quarante jours')
    expect(page).toContain('2 publications programmées après la période affichée (2 sem.).')
    // Sixty days ahead fits in nine weeks.
    expect(page).toContain(`href="/reshares?sector=${SECTOR}&amp;weeks=9"`)

    const all = await (await t.request(`/reshares?sector=${SECTOR}&weeks=9`)).text()
    for (const text of ['Dans trois jours', 'Dans quarante jours', 'Dans soixante jours'])
      expect(all).toContain(text)
    expect(all).not.toContain('après la période affichée')

    const oneWeek = await (await t.request(`/reshares?sector=${SECTOR}&weeks=1`)).text()
    expect(oneWeek).toContain('2 publications programmées après la période affichée (1 sem.).')
    expect((await t.request(`/reshares?sector=${SECTOR}&weeks=0`)).status).toBe(400)
  })
})
