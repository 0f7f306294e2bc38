import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { articles, feeds } from '../../db/schema.ts'
import { recomputeDirectory } from '../../src/jobs/directory.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { addPersonHandle, readDirectory } from '../../src/store/index.ts'
import { testApp } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'
import { fakeMastodon, TOKEN } from './fake-mastodon.ts'
import { APP_PASSWORD, fakePds, HANDLE } from './fake-pds.ts'

// The composer mentions an article's author with the handles the directory found for them.
const T = { timeout: 60_000 }
const SECTOR = 'community-management'
const NOW = new Date('2026-11-17T09:15:00Z')

async function setup() {
  const clock = fixedClock(NOW)
  let ids: number[] = []
  const t = await testApp({
    role: 'admin',
    clock,
    seed: async (db) =>
      (ids = await seedArticles(db, SECTOR, [
        {
          title: 'Modération des commentaires : la méthode des trois paliers',
          text: 'Une charte claire, des réponses types et une escalade pour les cas sensibles.',
          publishedAt: new Date(NOW.getTime() - 3_600_000),
          source: 'Carnet de Camille',
        },
      ])),
  })
  const db = t.db.db
  // What the article's page said about its author, as extraction stores it.
  await db
    .update(articles)
    .set({
      author: 'Camille Martin',
      profileSignals: {
        relMe: [],
        relAuthor: [],
        twitterCreator: ['@camille_cm'],
        twitterSite: [],
        fediverseCreator: ['@camille@piaille.fr'],
        articleAuthor: [],
        ldAuthors: [
          {
            name: 'Camille Martin',
            url: null,
            sameAs: ['https://bsky.app/profile/camille.bsky.social'],
          },
        ],
      },
    })
    .where(eq(articles.id, ids[0]!))
  await recomputeDirectory({ db, clock, log: silentLog }, SECTOR)
  const api = (path: string, method = 'GET', body?: unknown) =>
    t.request(`/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const addChannel = async (input: Record<string, unknown>) => {
    const res = await api(`/sectors/${SECTOR}/channels`, 'POST', input)
    expect(res.status).toBe(201)
    return (await res.json()).channel as { id: number; name: string }
  }
  const mastodon = await fakeMastodon()
  const pds = await fakePds()
  const channels = [
    await addChannel({
      name: 'Piaille',
      kind: 'mastodon',
      settings: { instanceUrl: mastodon.origin },
      secret: TOKEN,
    }),
    await addChannel({
      name: 'Bluesky',
      kind: 'bluesky',
      settings: { handle: HANDLE, pdsUrl: pds.origin },
      secret: APP_PASSWORD,
    }),
    await addChannel({ name: 'X', kind: 'x', settings: {} }),
    await addChannel({ name: 'LinkedIn', kind: 'linkedin', settings: {} }),
  ]
  const compose = async () => {
    const body = await (await api(`/articles/${ids[0]}/compose`)).json()
    return Object.fromEntries(
      body.channels.map((c: { channel: { name: string }; text: string }) => [
        c.channel.name,
        c.text,
      ]),
    ) as Record<string, string>
  }
  return { t, db, clock, api, channels, mastodon, pds, compose, articleId: ids[0]! }
}

describe('reshare composer: mentions from the directory', () => {
  test(
    'each network’s draft mentions the author’s handle found by the directory, and the posts carry it',
    T,
    async () => {
      const s = await setup()
      const texts = await s.compose()
      expect(texts.Piaille).toContain('par @camille@piaille.fr')
      expect(texts.Bluesky).toContain('par @camille.bsky.social')
      expect(texts.X).toContain('par @camille_cm')
      // LinkedIn has no text mentions: its draft names the author.
      expect(texts.LinkedIn).toContain('par Camille Martin')
      expect(texts.LinkedIn).not.toContain('@')

      const [m, b] = s.channels
      const res = await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [m!, b!].map((c) => ({ channelId: c.id, text: texts[c.name], when: 'now' })),
      })
      expect(res.status).toBe(201)
      expect(await s.t.deps.resharing!.sendDue()).toMatchObject({ sent: 2, failed: 0 })
      expect(s.mastodon.posted[0]!.body.status).toContain('@camille@piaille.fr')
      const record = s.pds.records.at(-1)!.value
      expect(record.text).toContain('@camille.bsky.social')
      // The mention is a facet pointing at the author's DID, resolved through the PDS.
      const mention = record.facets.find(
        (f: any) => f.features[0].$type === 'app.bsky.richtext.facet#mention',
      )
      expect(mention.features[0].did).toBe('did:plc:ewvi7nxzyoun6zhxrhs64oiz')
      const bytes = Buffer.from(record.text, 'utf8')
      expect(bytes.subarray(mention.index.byteStart, mention.index.byteEnd).toString('utf8')).toBe(
        '@camille.bsky.social',
      )
    },
  )

  test(
    'the curator’s handle outranks the sector file’s, which outranks what pages said, across recomputations',
    T,
    async () => {
      const s = await setup()
      // The sector file names Camille on this source with other handles.
      await s.db.update(feeds).set({
        people: [
          {
            name: 'Camille Martin',
            handles: { x: '@CamilleMartinCM', mastodon: '@camille@mastodon.social' },
          },
        ],
      })
      let texts = await s.compose()
      expect(texts.X).toContain('par @CamilleMartinCM')
      expect(texts.Piaille).toContain('par @camille@mastodon.social')
      expect(texts.Bluesky).toContain('par @camille.bsky.social')

      const dir = await readDirectory(s.db, 'community-management')
      const camille = dir.people.find((p) => p.name === 'Camille Martin')!
      await addPersonHandle(
        s.db,
        SECTOR,
        camille.id,
        {
          network: 'mastodon',
          handle: '@camille@pouet.chapril.org',
          url: 'https://pouet.chapril.org/@camille',
        },
        NOW,
      )
      await recomputeDirectory({ db: s.db, clock: s.clock, log: silentLog }, SECTOR)
      texts = await s.compose()
      expect(texts.Piaille).toContain('par @camille@pouet.chapril.org')
      expect(texts.Piaille).not.toContain('mastodon.social')
      expect(texts.X).toContain('par @CamilleMartinCM')

      const [m] = s.channels
      await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m!.id, text: texts.Piaille, when: 'now' }],
      })
      expect((await s.t.deps.resharing!.sendDue()).sent).toBe(1)
      expect(s.mastodon.posted[0]!.body.status).toContain('@camille@pouet.chapril.org')
    },
  )

  test('an author the directory does not know is named, not mentioned', T, async () => {
    const s = await setup()
    await s.db.update(articles).set({ author: 'Jeanne Roux', profileSignals: null })
    const texts = await s.compose()
    expect(texts.Piaille).toContain('par Jeanne Roux')
    expect(texts.Piaille).not.toContain('@')
    // X's template has no name to fall back on: the "par" goes with the missing handle.
    expect(texts.X).not.toMatch(/\bpar\b/)
  })
})
