import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import {
  createApiToken,
  hashPassword,
  importUser,
  revokeApiToken,
  type Role,
} from '../../src/auth/index.ts'
import { people } from '../../db/schema.ts'
import { WEB_ROUTES, type WebRoute } from '../../src/http/route-table.ts'
import { addFeeds, listFeeds, updateFeed } from '../../src/store/index.ts'
import { bareApp, directSession } from '../helpers/app.ts'
import { seedArticles } from '../helpers/seed.ts'

// The app as an attacker meets it: every route of its route table and of its OpenAPI document,
// with one identity of each kind, and real ids to put in the paths.

const shippedFeeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../feeds')
const tempDirs: string[] = []
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

export const SECTOR = 'community-management'
export type Identity = 'anonymous' | Role | 'token' | 'revokedToken'
export const IDENTITIES: Identity[] = [
  'anonymous',
  'viewer',
  'curator',
  'admin',
  'token',
  'revokedToken',
]
const RANK: Record<string, number> = { viewer: 1, curator: 2, admin: 3 }

/** An operation of the app: a web route from the table or an API operation from the document. */
export interface Operation {
  method: string
  /** The pattern, as declared (`/articles/:id` or `/api/articles/{id}`). */
  pattern: string
  api: boolean
  role: 'public' | Role
  /** The OpenAPI operation (API only). */
  doc?: Record<string, any>
  web?: WebRoute
}

export async function appUnderAttack() {
  // Writes that reach the sector files (the profile editor) go to a copy, never to the checkout.
  const feedsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sec-feeds-'))
  tempDirs.push(feedsDir)
  fs.cpSync(shippedFeeds, feedsDir, { recursive: true })
  const t = await bareApp({ deps: { config: { feedsDir } } })
  const now = new Date()
  const [articleId] = await seedArticles(t.db, SECTOR, [
    { title: 'La modération des commentaires', text: 'Répondre vite et bien.', publishedAt: now },
  ])
  await t.reindex()
  const passwordHash = await hashPassword('mot de passe de test')
  const users: Partial<Record<Role, number>> = {}
  for (const role of ['viewer', 'curator', 'admin'] as Role[])
    users[role] = (
      await importUser(t.db.db, { email: `${role}@vigie.test`, role, passwordHash }, now)
    ).id
  // Someone whose account the admin routes may change or delete during the tests.
  const bystander = await importUser(
    t.db.db,
    { email: 'bystander@vigie.test', role: 'viewer', passwordHash },
    now,
  )
  const bystanderToken = await createApiToken(t.db.db, bystander.id, 'script', now)
  const token = await createApiToken(t.db.db, users.curator!, 'cli', now)
  const revoked = await createApiToken(t.db.db, users.curator!, 'old', now)
  await revokeApiToken(t.db.db, users.curator!, revoked.id)

  // A channel and a scheduled post for the routes that take their ids; a second channel to delete.
  const resharing = t.deps.resharing!
  const channel = await resharing.channels.create(SECTOR, {
    name: 'Équipe',
    kind: 'webhook',
    settings: { webhookUrl: 'http://127.0.0.1:9/hooks' },
    secret: 'clé-du-webhook',
  })
  const doomed = await resharing.channels.create(SECTOR, {
    name: 'À supprimer',
    kind: 'x',
    settings: {},
  })
  // Feeds for the feed routes: one to delete from the page, one through the API, and a disabled one
  // to "fetch now" (answered without a crawler: the matrix checks who gets in, not the crawl).
  const feedUrls = ['page', 'api', 'off'].map((n) => `https://${n}.vigie-test.example/feed`)
  await addFeeds(
    t.db.db,
    SECTOR,
    feedUrls.map((url) => ({ url, title: url, siteUrl: null })),
    'manual',
    now,
  )
  const feedId = async (url: string) =>
    (await listFeeds(t.db.db, SECTOR)).find((f) => f.url === url)!.id
  const [pageFeed, apiFeed, offFeed] = await Promise.all(feedUrls.map(feedId))
  await updateFeed(t.db.db, offFeed!, { enabled: false, disabledReason: 'disabled by an admin' })
  // A person of the directory, for its page and its edits.
  const [person] = await t.db.db
    .insert(people)
    .values({
      sectorSlug: SECTOR,
      name: 'Claire Dupont',
      normName: 'claire dupont',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: people.id })

  const [post] = await resharing.schedule({
    articleId: articleId!,
    posts: [
      {
        channelId: channel.id,
        text: 'À lire https://exemple.fr',
        when: new Date(now.getTime() + 7 * 86_400_000),
      },
    ],
    actor: null,
  })
  const doc = (await (
    await t.app.request('/api/openapi.json', {
      headers: { authorization: `Bearer ${token.token}` },
    })
  ).json()) as { paths: Record<string, Record<string, Record<string, any>>> }

  const operations: Operation[] = [
    ...WEB_ROUTES.map((web) => ({
      method: web.method,
      pattern: web.path,
      api: false,
      role: web.access,
      web,
    })),
    ...Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        pattern: p,
        api: true,
        role: (op['x-vigie-role'] ?? 'viewer') as Role,
        doc: op,
      })),
    ),
  ]

  /** The pattern with real values: the article, the bystander, the bystander's token, a static file. */
  const pathOf = (op: Operation) =>
    op.pattern
      .replace(/\/reshares\/(:id|\{id\})/, `/reshares/${post!.id}`)
      .replace(
        /\/channels\/(:id|\{channelId\})/,
        `/channels/${op.method === 'DELETE' ? doomed.id : channel.id}`,
      )
      .replace(/\/admin\/users\/:id/, `/admin/users/${bystander.id}`)
      .replace(/^\/sources\/:id\/delete$/, `/sources/${pageFeed}/delete`)
      .replace(/^(\/sources\/:id|\/api\/feeds\/\{id\})\/fetch$/, (_, p) =>
        p.startsWith('/api') ? `/api/feeds/${offFeed}/fetch` : `/sources/${offFeed}/fetch`,
      )
      .replace(/^\/api\/feeds\/\{id\}$/, (p) =>
        op.method === 'DELETE' ? `/api/feeds/${apiFeed}` : p,
      )
      .replace(/\/account\/tokens\/:id/, `/account/tokens/${bystanderToken.id}`)
      .replace(/^(\/directory\/sources\/:id|\/api\/sectors\/\{slug\}\/sources\/\{id\})$/, (p) =>
        p.replace(/:id|\{id\}/, String(offFeed)),
      )
      .replace(/\/people\/(:id|\{id\})/, `/people/${person!.id}`)
      .replace(/:file/, 'app.css')
      .replace(/:id|\{id\}/g, String(articleId))
      .replace(/:slug|\{slug\}/g, SECTOR)

  /** Headers that make the request as `who`; a fresh session each time, since some routes end it. */
  async function as(who: Identity): Promise<Record<string, string>> {
    if (who === 'anonymous') return {}
    if (who === 'token') return { authorization: `Bearer ${token.token}` }
    if (who === 'revokedToken') return { authorization: `Bearer ${revoked.token}` }
    const s = await directSession(t.db, users[who]!)
    return { cookie: s.cookie, 'x-csrf-token': s.csrf }
  }

  /** Whether `who` may call `op`: null when the answer is not a matter of identity (public). */
  function allowed(op: Operation, who: Identity): boolean {
    if (op.role === 'public') return true
    if (who === 'anonymous' || who === 'revokedToken') return false
    // A personal token opens the API only, with its owner's role (a curator here).
    if (who === 'token') return op.api && RANK.curator! >= RANK[op.role]!
    return RANK[who]! >= RANK[op.role]!
  }

  return { ...t, operations, pathOf, as, allowed, articleId, users, bystander, token, doc }
}

export type AppUnderAttack = Awaited<ReturnType<typeof appUnderAttack>>

/** A request body a route would take, so that only identity decides the answer. */
export function emptyBodyOf(op: Operation): RequestInit {
  if (op.method === 'GET') return {}
  if (op.api) return { headers: { 'content-type': 'application/json' }, body: '{}' }
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sector: SECTOR }),
  }
}

/** Merges header sets (later wins). */
export const headers = (...sets: (Record<string, string> | HeadersInit | undefined)[]) => {
  const h = new Headers()
  for (const set of sets) new Headers(set).forEach((v, k) => h.set(k, v))
  return h
}
