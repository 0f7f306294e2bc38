import os from 'node:os'
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { channels, reshares } from '../../db/schema.ts'
import { fixedClock } from '../../src/lib/clock.ts'
import { silentLog } from '../../src/lib/log.ts'
import { verifySignature } from '../../src/reshare/index.ts'
import { openDb } from '../../src/store/db.ts'
import { testApp } from '../helpers/app.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { testResharing } from '../helpers/resharing.ts'
import { seedArticles } from '../helpers/seed.ts'
import { readBody, victim } from '../reshare/fake-net.ts'
import { account, fakeMastodon, TOKEN } from '../reshare/fake-mastodon.ts'
import { APP_PASSWORD, fakePds, HANDLE } from '../reshare/fake-pds.ts'

const T = { timeout: 60_000 }
const SECTOR = 'community-management'
// A Tuesday morning in Paris (UTC+1): the next weekday slot is 17:30 local, 16:30 UTC.
const NOW = new Date('2026-11-17T09:15:00Z')
const COMMENTARY = 'Très bonne analyse 👏🏽 de l’algorithme, à lire avant votre prochain calendrier.'
const WEBHOOK_KEY = 'clé-partagée-du-webhook-0123456789'

async function setup() {
  const clock = fixedClock(NOW)
  let ids: number[] = []
  const t = await testApp({
    role: 'admin',
    clock,
    seed: async (db) =>
      (ids = await seedArticles(db, SECTOR, [
        {
          title: 'LinkedIn change encore son algorithme : ce que les pages doivent savoir',
          text: 'Les documents et les conversations longues gagnent de la portée organique.',
          publishedAt: new Date(NOW.getTime() - 3_600_000),
          source: 'Blog du Modérateur',
        },
      ])),
  })
  const api = (path: string, method = 'GET', body?: unknown) =>
    t.request(`/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  await api(`/articles/${ids[0]}/annotation`, 'PUT', {
    note: 'NOTE PRIVÉE',
    tags: [],
    commentary: COMMENTARY,
    baseVersion: 0,
  })
  const addChannel = async (input: Record<string, unknown>) => {
    const res = await api(`/sectors/${SECTOR}/channels`, 'POST', input)
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201)
    return (await res.json()).channel as { id: number; name: string }
  }
  return { t, clock, api, addChannel, articleId: ids[0]! }
}

describe('reshare channels', () => {
  test(
    'a sector without channels: the composer says so, and leads an admin to add one',
    T,
    async () => {
      const { t, articleId } = await setup()
      const page = await (await t.request(`/articles/${articleId}/reshare`)).text()
      expect(page).toContain('Aucun canal pour ce secteur.')
      expect(page).toContain(`<a href="/sources/channels?sector=${SECTOR}">Ajouter un canal</a>`)
      // A curator cannot add channels: the sentence, without the link.
      const curator = await t.signIn('curator')
      const theirs = await (await curator.request(`/articles/${articleId}/reshare`)).text()
      expect(theirs).toContain('Aucun canal pour ce secteur.')
      expect(theirs).not.toContain('Ajouter un canal')
    },
  )

  test(
    'secrets are write-only: encrypted at rest, never returned, and the test shows the account',
    T,
    async () => {
      const s = await setup()
      const mastodon = await fakeMastodon({ maxCharacters: 1000 })
      const channel = await s.addChannel({
        name: 'Piaille',
        kind: 'mastodon',
        settings: { instanceUrl: mastodon.origin, visibility: 'public' },
        secret: TOKEN,
      })
      const listed = await (await s.api(`/sectors/${SECTOR}/channels`)).text()
      expect(listed).not.toContain(TOKEN)
      expect(JSON.parse(listed).channels[0]).toMatchObject({ name: 'Piaille', hasSecret: true })
      const [row] = await s.t.db.db.select().from(channels).where(eq(channels.id, channel.id))
      expect(row!.secret).toBeTruthy()
      expect(row!.secret).not.toContain(TOKEN.slice(0, 12))
      const tested = await s.api(`/sectors/${SECTOR}/channels/${channel.id}/test`, 'POST')
      expect(tested.status).toBe(200)
      const body = await tested.json()
      expect(body.channel.account).toMatchObject({ acct: account.acct, id: account.id })
      expect(body.channel.settings.maxChars).toBe(1000)
      expect(JSON.stringify(body)).not.toContain(TOKEN)
      // A curator may use channels, not configure them.
      const curator = await s.t.signIn('curator')
      const refused = await curator.request(`/api/sectors/${SECTOR}/channels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'x', kind: 'x' }),
      })
      expect(refused.status).toBe(403)
    },
  )

  test(
    'an instance URL that redirects to a private address is refused, and nothing reaches it',
    T,
    async () => {
      const s = await setup()
      const inside = await victim('127.0.0.2')
      const redirector = await fixtureServer(
        {},
        (_req, res) => void res.writeHead(307, { location: inside.url('/api/v1/statuses') }).end(),
      )
      const channel = await s.addChannel({
        name: 'Piège',
        kind: 'mastodon',
        settings: { instanceUrl: redirector.origin },
        secret: TOKEN,
      })
      const res = await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [
          { channelId: channel.id, text: 'Un texte à publier https://exemple.fr', when: 'now' },
        ],
      })
      expect(res.status).toBe(201)
      const summary = await s.t.deps.resharing!.sendDue()
      expect(summary.sent).toBe(0)
      const [post] = (await (await s.api(`/articles/${s.articleId}/reshares`)).json()).reshares
      expect(post.state).not.toBe('sent')
      expect(post.error).toMatch(/address 127\.0\.0\.2/)
      expect(inside.connections()).toBe(0)
    },
  )
})

describe('composing and sending', () => {
  test(
    'compose, count, schedule now on Mastodon, Bluesky and a webhook, and see them sent',
    T,
    async () => {
      const s = await setup()
      const mastodon = await fakeMastodon()
      const pds = await fakePds()
      const hooks: { body: Buffer; signature: string | undefined }[] = []
      const receiver = await fixtureServer({}, async (req, res) => {
        hooks.push({
          body: await readBody(req),
          signature: req.headers['x-vigie-signature'] as string,
        })
        res.writeHead(204).end()
      })
      const m = await s.addChannel({
        name: 'Piaille',
        kind: 'mastodon',
        settings: { instanceUrl: mastodon.origin, utm: { source: 'mastodon', medium: 'social' } },
        secret: TOKEN,
      })
      const b = await s.addChannel({
        name: 'Bluesky',
        kind: 'bluesky',
        settings: { handle: HANDLE, pdsUrl: pds.origin },
        secret: APP_PASSWORD,
      })
      const w = await s.addChannel({
        name: 'Équipe',
        kind: 'webhook',
        settings: { webhookUrl: receiver.url('/hooks/vigie') },
        secret: WEBHOOK_KEY,
      })
      await s.addChannel({ name: 'LinkedIn', kind: 'linkedin', settings: {} })

      const composed = await (await s.api(`/articles/${s.articleId}/compose`)).json()
      const byName = Object.fromEntries(composed.channels.map((c: any) => [c.channel.name, c]))
      expect(byName.Piaille.text).toContain(COMMENTARY)
      expect(byName.Piaille.link).toMatch(/utm_source=mastodon&utm_medium=social/)
      expect(byName.Piaille.text).toContain(byName.Piaille.link)
      expect(byName.Piaille.length).toMatchObject({ limit: 500, over: false })
      expect(byName.Bluesky.length.limit).toBe(300)
      expect(byName.LinkedIn.intentUrl).toMatch(/^https:\/\/www\.linkedin\.com\//)
      // The next free slot: 17:30 in Paris this Tuesday.
      expect(byName.Piaille.nextSlot).toBe('2026-11-17T16:30:00.000Z')

      const res = await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [m, b, w].map((c) => ({ channelId: c.id, text: byName[c.name].text, when: 'now' })),
      })
      expect(res.status).toBe(201)
      const summary = await s.t.deps.resharing!.sendDue()
      expect(summary).toMatchObject({ sent: 3, failed: 0 })

      expect(mastodon.posted).toHaveLength(1)
      expect(mastodon.posted[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(mastodon.posted[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/)
      expect(mastodon.posted[0]!.body.status).toBe(byName.Piaille.text)
      const record = pds.records.at(-1)!.value
      expect(record.text).toBe(byName.Bluesky.text)
      const link = record.facets.find(
        (f: any) => f.features[0].$type === 'app.bsky.richtext.facet#link',
      )
      const bytes = Buffer.from(record.text, 'utf8')
      expect(bytes.subarray(link.index.byteStart, link.index.byteEnd).toString('utf8')).toBe(
        link.features[0].uri,
      )
      expect(record.embed.external.uri).toMatch(/^https:\/\/blog-du-mod/)
      expect(hooks).toHaveLength(1)
      expect(verifySignature(WEBHOOK_KEY, hooks[0]!.body, hooks[0]!.signature)).toBe(true)
      expect(JSON.parse(hooks[0]!.body.toString()).vigie.commentary).toBe(COMMENTARY)

      const history = (await (await s.api(`/articles/${s.articleId}/reshares`)).json()).reshares
      expect(history.map((r: any) => [r.channelName, r.state])).toEqual(
        expect.arrayContaining([
          ['Piaille', 'sent'],
          ['Bluesky', 'sent'],
          ['Équipe', 'sent'],
        ]),
      )
      expect(history.find((r: any) => r.channelName === 'Piaille').remoteUrl).toMatch(
        /piaille\.fr\/@veille_cm\//,
      )
      expect(history.find((r: any) => r.channelName === 'Bluesky').remoteUrl).toMatch(
        new RegExp(`^https://bsky.app/profile/${HANDLE}/post/`),
      )
      // Resharing teaches the scoring as a decision does.
      const article = await (await s.api(`/articles/${s.articleId}`)).json()
      expect(article.status).toBe('reshared')
      // Sending again sends nothing more.
      expect((await s.t.deps.resharing!.sendDue()).sent).toBe(0)
      expect(mastodon.posted).toHaveLength(1)
    },
  )

  test(
    'a text over the limit is refused with by how much; the calendar shows the next slot',
    T,
    async () => {
      const s = await setup()
      const mastodon = await fakeMastodon()
      const m = await s.addChannel({
        name: 'Piaille',
        kind: 'mastodon',
        settings: { instanceUrl: mastodon.origin },
        secret: TOKEN,
      })
      const long = `${'é'.repeat(490)} https://exemple.fr/un/lien/tres/long/qui/compte/pour/vingt-trois`
      const over = await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text: long, when: 'now' }],
      })
      expect(over.status).toBe(400)
      const error = await over.json()
      // 490 letters + a space + 23 for the link = 514: 14 over 500.
      expect(error.message).toContain('14 characters over the limit of 500')
      const ok = await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text: 'Court et clair https://exemple.fr', when: 'next' }],
      })
      expect(ok.status).toBe(201)
      const again = await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text: 'Un autre https://exemple.fr/2', when: 'next' }],
      })
      expect(again.status).toBe(201)
      const calendar = (await (await s.api(`/sectors/${SECTOR}/calendar`)).json()).reshares
      // Two posts, two slots: today 17:30 and tomorrow 09:00 in Paris.
      expect(calendar.map((r: any) => r.scheduledAt)).toEqual([
        '2026-11-17T16:30:00.000Z',
        '2026-11-18T08:00:00.000Z',
      ])
      // Nothing is due yet.
      expect((await s.t.deps.resharing!.sendDue()).sent).toBe(0)
      // Reschedule the second to now, cancel the first.
      const [first, second] = calendar
      expect((await s.api(`/reshares/${second.id}`, 'PATCH', { when: 'now' })).status).toBe(200)
      expect((await s.api(`/reshares/${first.id}`, 'PATCH', { cancel: true })).status).toBe(200)
      expect((await s.t.deps.resharing!.sendDue()).sent).toBe(1)
      expect(mastodon.posted.map((p) => p.body.status)).toEqual(['Un autre https://exemple.fr/2'])
      // A sent post cannot change any more.
      expect((await s.api(`/reshares/${second.id}`, 'PATCH', { cancel: true })).status).toBe(409)
    },
  )
})

describe('sending at most once', () => {
  test(
    '5xx and 429 are retried later (Retry-After honoured); other 4xx fail with the network message',
    T,
    async () => {
      const s = await setup()
      let answer: [number, Record<string, string>, unknown] = [
        503,
        { 'retry-after': '600' },
        { error: 'Maintenance' },
      ]
      const flaky = await fixtureServer({}, async (req, res) => {
        await readBody(req)
        res
          .writeHead(answer[0], { 'content-type': 'application/json', ...answer[1] })
          .end(JSON.stringify(answer[2]))
      })
      const m = await s.addChannel({
        name: 'Flaky',
        kind: 'mastodon',
        settings: { instanceUrl: flaky.origin },
        secret: TOKEN,
      })
      await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text: 'Un texte https://exemple.fr', when: 'now' }],
      })
      expect(await s.t.deps.resharing!.sendDue()).toMatchObject({ retried: 1, sent: 0 })
      const [row] = await s.t.db.db.select().from(reshares)
      expect(row!.state).toBe('scheduled')
      expect(row!.nextAttemptAt.getTime()).toBe(NOW.getTime() + 600_000)
      expect(row!.error).toContain('Maintenance')
      // Not due before then.
      expect((await s.t.deps.resharing!.sendDue()).retried).toBe(0)
      s.clock.advance(600_000)
      answer = [422, {}, { error: 'Validation failed: Text character limit of 500 exceeded' }]
      expect(await s.t.deps.resharing!.sendDue()).toMatchObject({ failed: 1 })
      const history = (await (await s.api(`/articles/${s.articleId}/reshares`)).json()).reshares
      expect(history[0]).toMatchObject({ state: 'failed', attempts: 2 })
      expect(history[0].error).toContain('Text character limit of 500 exceeded')
      expect(history[0].error).not.toContain(TOKEN)
      // The retry button: scheduled again, sent this time.
      expect((await s.api(`/reshares/${history[0].id}`, 'PATCH', { retry: true })).status).toBe(200)
      answer = [
        200,
        {},
        {
          id: '42',
          url: 'https://flaky.example/@a/42',
          uri: 'x',
          content: '',
          created_at: NOW.toISOString(),
        },
      ]
      expect(await s.t.deps.resharing!.sendDue()).toMatchObject({ sent: 1 })
    },
  )

  test(
    'a post left "sending" by a killed sender is found on the account, not sent twice',
    T,
    async () => {
      const s = await setup()
      const text = 'Déjà parti avant le crash 👏🏽 https://exemple.fr/article'
      const mastodon = await fakeMastodon({
        statuses: [
          {
            id: '113000000000000777',
            created_at: new Date(NOW.getTime() + 1000).toISOString(),
            url: 'https://piaille.fr/@veille_cm/113000000000000777',
            uri: 'https://piaille.fr/users/veille_cm/statuses/113000000000000777',
            // Mastodon's own markup of a link: the scheme in a hidden span, the rest shown.
            content: `<p>${text.replace('https://exemple.fr/article', '<a href="https://exemple.fr/article" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="">exemple.fr/article</span><span class="invisible"></span></a>')}</p>`,
            reblog: null,
          },
        ],
      })
      const m = await s.addChannel({
        name: 'Piaille',
        kind: 'mastodon',
        settings: { instanceUrl: mastodon.origin },
        secret: TOKEN,
      })
      await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text, when: 'now' }],
      })
      // What a sender killed mid-call leaves: 'sending', leased by a process of this host that is gone.
      const dead = `${os.hostname()}:999999:deadbeef`
      await s.t.db.db.update(reshares).set({
        state: 'sending',
        attempts: 1,
        leaseOwner: dead,
        leaseUntil: new Date(NOW.getTime() + 300_000),
      })
      const summary = await s.t.deps.resharing!.sendDue()
      expect(summary).toMatchObject({ reconciled: 1, sent: 0 })
      expect(mastodon.posted).toHaveLength(0)
      const [post] = (await (await s.api(`/articles/${s.articleId}/reshares`)).json()).reshares
      expect(post).toMatchObject({ state: 'sent', remoteId: '113000000000000777' })
    },
  )

  test('two senders on one database: every post goes out exactly once', T, async () => {
    const s = await setup()
    const mastodon = await fakeMastodon()
    const m = await s.addChannel({
      name: 'Piaille',
      kind: 'mastodon',
      settings: { instanceUrl: mastodon.origin },
      secret: TOKEN,
    })
    for (let i = 0; i < 20; i++)
      await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text: `Post n°${i} https://exemple.fr/${i}`, when: 'now' }],
      })
    const other = await openDb({ url: s.t.db.url })
    try {
      const key = 'shared-key-of-this-installation-0123456789'
      // The same installation: both processes open secrets with the same key.
      const [row] = await s.t.db.db.select().from(channels)
      const senders = [s.t.db.db, other.db].map((db) =>
        testResharing({ db, clock: s.clock, log: silentLog, scoring: s.t.deps.scoring, key }),
      )
      await senders[0]!.channels.update(SECTOR, row!.id, { secret: TOKEN })
      const [a, b] = await Promise.all(senders.map((r) => r.sendDue({ limit: 3, concurrency: 2 })))
      expect(a!.sent + b!.sent).toBe(20)
      expect(a!.sent).toBeGreaterThan(0)
      expect(b!.sent).toBeGreaterThan(0)
      const texts = mastodon.posted.map((p) => p.body.status)
      expect(texts).toHaveLength(20)
      expect(new Set(texts).size).toBe(20)
    } finally {
      other.close()
    }
  })
})

describe('editing from the pages', () => {
  test(
    'an admin edits a channel (template, UTM, slots); a curator edits a scheduled post (text, time)',
    T,
    async () => {
      const s = await setup()
      const mastodon = await fakeMastodon()
      const m = await s.addChannel({
        name: 'Piaille',
        kind: 'mastodon',
        settings: { instanceUrl: mastodon.origin },
        secret: TOKEN,
      })
      const formPost = (path: string, fields: Record<string, string>) =>
        s.t.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields),
        })
      const page = await (await s.t.request(`/sources/channels?sector=${SECTOR}`)).text()
      expect(page).toContain('1-5 09:00, 1-5 17:30')
      const bad = await formPost(`/sources/channels/${m.id}`, {
        sector: SECTOR,
        op: 'save',
        name: 'Piaille',
        slots: 'lundi matin',
      })
      expect(bad.status).toBe(400)
      expect(await bad.text()).toContain('Créneaux illisibles')
      // A bad setting is named in the curator's language, not as a developer's field path.
      const badUrl = { sector: SECTOR, op: 'save', name: 'Piaille', target: 'piaille point fr' }
      const fr = await formPost(`/sources/channels/${m.id}`, badUrl)
      expect(fr.status).toBe(400)
      const frText = await fr.text()
      expect(frText).toContain('Indiquez l’adresse de l’instance Mastodon, en https://…')
      expect(frText).not.toContain('settings.instanceUrl')
      const saved = await formPost(`/sources/channels/${m.id}`, {
        sector: SECTOR,
        op: 'save',
        name: 'Piaille',
        target: mastodon.origin,
        template: '{commentary} {link} {hashtags}',
        utm_source: 'mastodon',
        utm_campaign: 'veille',
        slots: '2 11:15',
        visibility: 'unlisted',
      })
      expect(saved.status).toBe(303)
      const composed = await (await s.api(`/articles/${s.articleId}/compose`)).json()
      const piaille = composed.channels[0]
      expect(piaille.text.startsWith(COMMENTARY)).toBe(true)
      expect(piaille.link).toMatch(/utm_source=mastodon&utm_campaign=veille/)
      // Tuesdays at 11:15 in Paris: today (Tuesday 17 November, 10:15 UTC).
      expect(piaille.nextSlot).toBe('2026-11-17T10:15:00.000Z')
      // The token was kept (no new one typed) and still works.
      const [row] = await s.t.db.db.select().from(channels)
      expect(row!.settings).toMatchObject({ visibility: 'unlisted' })

      await s.api(`/articles/${s.articleId}/reshares`, 'POST', {
        posts: [{ channelId: m.id, text: piaille.text, when: 'next' }],
      })
      const [post] = (await (await s.api(`/articles/${s.articleId}/reshares`)).json()).reshares
      const calendar = await (await s.t.request(`/reshares?sector=${SECTOR}`)).text()
      expect(calendar).toContain('value="2026-11-17T11:15"')
      const edited = await formPost(`/reshares/${post.id}`, {
        op: 'save',
        sector: SECTOR,
        back: `/reshares?sector=${SECTOR}`,
        text: 'Texte revu avant publication https://exemple.fr',
        at: '2026-11-17T10:00',
      })
      expect(edited.status).toBe(303)
      const [after] = (await (await s.api(`/articles/${s.articleId}/reshares`)).json()).reshares
      // 10:00 in Paris is 09:00 UTC, already past at 09:15 UTC: due now.
      expect(after).toMatchObject({
        text: 'Texte revu avant publication https://exemple.fr',
        scheduledAt: '2026-11-17T09:00:00.000Z',
      })
      expect((await s.t.deps.resharing!.sendDue()).sent).toBe(1)
      expect(mastodon.posted[0]!.body).toMatchObject({
        status: 'Texte revu avant publication https://exemple.fr',
        visibility: 'unlisted',
      })
    },
  )
})
