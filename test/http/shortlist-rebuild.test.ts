import { describe, expect, it } from 'vitest'
import { curatorApp, form } from '../fixtures/http/curator-app.ts'
import { SECTOR } from '../fixtures/http/curator-articles.ts'
import { seedArticles, type SeedArticle } from '../helpers/seed.ts'
import { rebuildShortlist, shortlistOf } from '../../src/jobs/shortlist.ts'

const items = (html: string) =>
  [...html.matchAll(/<li class="shortlist-item[^"]*" data-id="(\d+)"/g)].map((m) => Number(m[1]))

/** Published in the afternoon, after the morning's list was made. */
const afternoon: SeedArticle = {
  title: 'YouTube Shorts : les sondages arrivent dans les vidéos des marques',
  text: [
    'YouTube ouvre les sondages aux Shorts des chaînes de marque : une question posée dans la vidéo, et les réponses comptées dans les statistiques de la chaîne.',
    'Pour le community manager, c’est un format de plus pour faire réagir l’audience sans quitter la plateforme, à suivre dans le calendrier éditorial.',
  ].join('\n\n'),
  lang: 'fr',
  publishedAt: new Date('2026-11-20T14:00:00Z'),
  source: 'Veille des Réseaux',
}

describe('making today’s shortlist again', () => {
  it('takes in what arrived since, keeps what the curator took, and drops what was rejected', async () => {
    const t = await curatorApp()
    const morning = items(await (await t.request('/shortlist')).text())
    expect(morning.length).toBeGreaterThanOrEqual(3)
    const [approved, rejected, commented] = [morning[1]!, morning[0]!, morning[2]!]
    // The day's best story, told by two sources: the curator rejects it.
    expect(rejected).toBe(t.ids.carrouselBlog)
    await t.request(`/queue/${approved}/decision`, form({ action: 'approve' }))
    await t.request(`/queue/${rejected}/decision`, form({ action: 'reject' }))
    const note = await t.request(
      `/articles/${commented}/annotation`,
      form({ baseVersion: '0', commentary: 'À lire avant la réunion de lundi.' }),
    )
    expect(note.status).toBeLessThan(400)
    const [fresh] = await seedArticles(t.db, SECTOR, [afternoon])
    await t.deps.scoring.rescoreSector(SECTOR)
    t.clock.set('2026-11-20T15:00:00Z')

    // Kept as first made: the afternoon's article is not in it yet.
    const before = await (await t.request('/shortlist')).text()
    expect(items(before)).toEqual(morning)
    expect(before).toContain('Refaire avec les nouveaux articles')

    const res = await t.request('/shortlist/rebuild', form({ sector: SECTOR }))
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    expect(location).toMatch(
      /^\/shortlist\?sector=community-management&date=2026-11-20&rebuilt=\d+$/,
    )
    const after = await (await t.request(location)).text()
    const list = items(after)
    expect(list).toContain(fresh)
    expect(list.slice(0, 2).sort()).toEqual([approved, commented].sort())
    // Rejected, its story stays out, told by another source or not.
    expect(list).not.toContain(rejected)
    expect(list).not.toContain(t.ids.carrouselMedia)
    expect(after).toMatch(/Sélection refaite : \d+ nouv/)
    expect(after).toContain('datetime="2026-11-20T15:00:00.000Z"')
    // The list made again is the one kept: the export reads it.
    const csv = await (await t.request(`/shortlist/export?sector=${SECTOR}&format=csv`)).text()
    expect(csv).toContain(afternoon.title)
  })

  it('offers it on today’s list only, to curators, and through the API', async () => {
    const t = await curatorApp()
    expect(await (await t.request('/shortlist?date=2026-11-19')).text()).not.toContain(
      'action="/shortlist/rebuild"',
    )
    const viewer = await t.signIn('viewer')
    expect(await (await viewer.request('/shortlist')).text()).not.toContain(
      'action="/shortlist/rebuild"',
    )
    expect((await viewer.request('/shortlist/rebuild', form({ sector: SECTOR }))).status).toBe(403)
    expect((await t.request('/shortlist/rebuild', form({ sector: 'nope' }))).status).toBe(404)

    await t.request('/shortlist')
    const [fresh] = await seedArticles(t.db, SECTOR, [afternoon])
    await t.deps.scoring.rescoreSector(SECTOR)
    t.clock.set('2026-11-20T15:00:00Z')
    const api = await t.request('/api/shortlist/rebuild', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sector: SECTOR }),
    })
    expect(api.status).toBe(200)
    const body = await api.json()
    expect(body.day).toBe('2026-11-20')
    expect(body.added).toBeGreaterThanOrEqual(1)
    expect(body.items.map((i: { id: number }) => i.id)).toContain(fresh)
  })

  it('puts the curator’s picks first, even where the new choice would leave them out', async () => {
    const t = await curatorApp()
    const first = await shortlistOf(t.deps, SECTOR, '2026-11-20', 3)
    const [best, second, third] = first.items.map((i) => i.id)
    await t.request(`/queue/${third}/decision`, form({ action: 'reshare' }))
    await t.request(
      `/articles/${second}/annotation`,
      form({ baseVersion: '0', commentary: 'Le chiffre à retenir cette semaine.' }),
    )
    // Two places: chosen afresh, they would go to the two best stories; the curator's two stay, in
    // their order.
    const again = await rebuildShortlist(t.deps, SECTOR, 2)
    expect(again.items.map((i) => i.id)).toEqual([second, third])
    expect(again.items.map((i) => i.rank)).toEqual([1, 2])
    expect(again.items.map((i) => i.status)).toEqual(['new', 'reshared'])
    expect(again.items.map((i) => i.id)).not.toContain(best)
  })

  it('keeps to two items of a source, counting the ones the curator kept', async () => {
    const t = await curatorApp()
    const morning: SeedArticle[] = [
      {
        ...afternoon,
        title:
          'Instagram : les statistiques des Reels comptent enfin les partages en message privé',
        text: 'Les statistiques des Reels sur Instagram comptent désormais les partages en message privé, un signal d’engagement que les community managers réclamaient pour mesurer la portée réelle d’un contenu.\n\nLe taux d’engagement calculé par les outils de veille va donc changer pour les comptes de marque.',
        publishedAt: new Date('2026-11-20T07:00:00Z'),
      },
      {
        ...afternoon,
        title: 'LinkedIn : les newsletters des pages entreprise ouvertes à toutes les marques',
        text: 'LinkedIn ouvre les newsletters aux pages entreprise de toutes tailles, envoyées aux abonnés par notification et par e-mail.',
        publishedAt: new Date('2026-11-20T07:30:00Z'),
      },
    ]
    const kept = await seedArticles(t.db, SECTOR, morning)
    await t.deps.scoring.rescoreSector(SECTOR)
    const first = await shortlistOf(t.deps, SECTOR, '2026-11-20')
    expect(first.items.map((i) => i.id)).toEqual(expect.arrayContaining(kept))
    for (const id of kept) await t.request(`/queue/${id}/decision`, form({ action: 'approve' }))
    // The same source's afternoon article, as good as its morning ones.
    const [third] = await seedArticles(t.db, SECTOR, [afternoon])
    await t.deps.scoring.rescoreSector(SECTOR)
    t.clock.set('2026-11-20T15:00:00Z')

    const again = await rebuildShortlist(t.deps, SECTOR)
    const ids = again.items.map((i) => i.id)
    expect(ids.slice(0, 2).sort()).toEqual([...kept].sort())
    expect(ids).not.toContain(third)
    expect(again.items.filter((i) => i.source === afternoon.source)).toHaveLength(2)
  })
})
