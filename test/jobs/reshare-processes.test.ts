import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { createChannels } from '../../src/jobs/reshare-channels.ts'
import { secretBox } from '../../src/lib/secret-box.ts'
import { insertReshares } from '../../src/store/index.ts'
import { fixtureServer } from '../helpers/fixture-server.ts'
import { vigie } from '../helpers/crawl-processes.ts'
import { seedArticles, seedShippedSectors } from '../helpers/seed.ts'
import { tempDb } from '../helpers/temp-db.ts'
import { readBody } from '../reshare/fake-net.ts'
import { account, TOKEN } from '../reshare/fake-mastodon.ts'

const SECTOR = 'community-management'
const KEY = 'clé-de-cette-installation-pour-le-test-0123456789'
const TEXT = 'Une lecture pour la veille de la semaine 👏🏽 https://exemple.fr/article'

/**
 * A Mastodon instance that creates the status, then (the first time) never answers: the sender is
 * killed while it waits, as a crash between "sending" and "sent" would leave it.
 */
async function slowMastodon() {
  const statuses: Record<string, unknown>[] = []
  let posts = 0
  const srv = await fixtureServer({}, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const json = (data: unknown) =>
      void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data))
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end()
    if (url.pathname === '/api/v1/accounts/verify_credentials') return json(account)
    if (url.pathname === `/api/v1/accounts/${account.id}/statuses`) return json(statuses)
    if (req.method === 'POST' && url.pathname === '/api/v1/statuses') {
      const body = JSON.parse((await readBody(req)).toString('utf8'))
      posts++
      const id = String(113000000000000000n + BigInt(posts))
      statuses.unshift({
        id,
        created_at: new Date().toISOString(),
        url: `https://piaille.fr/@veille_cm/${id}`,
        uri: `https://piaille.fr/users/veille_cm/statuses/${id}`,
        content: `<p>${body.status}</p>`,
        reblog: null,
      })
      if (posts === 1) return // the answer never comes
      return json(statuses[0])
    }
    res.writeHead(404).end()
  })
  return { ...srv, posts: () => posts, statuses }
}

describe('a sender killed between "sending" and "sent"', () => {
  test(
    'the next run finds the post on the account: exactly one status, marked sent',
    { timeout: 60_000 },
    async () => {
      const db = await tempDb()
      await seedShippedSectors(db)
      const [articleId] = await seedArticles(db, SECTOR, [
        {
          title: 'La veille de la semaine',
          text: 'Un article.',
          publishedAt: new Date(Date.now() - 3_600_000),
        },
      ])
      const mastodon = await slowMastodon()
      const box = secretBox(KEY)
      const channels = createChannels({ db: db.db, box: () => box, now: () => new Date() })
      const channel = await channels.create(SECTOR, {
        name: 'Piaille',
        kind: 'mastodon',
        settings: { instanceUrl: mastodon.origin },
        secret: TOKEN,
      })
      const now = new Date()
      await insertReshares(db.db, [
        {
          articleId: articleId!,
          sectorSlug: SECTOR,
          channelId: channel.id,
          text: TEXT,
          state: 'scheduled',
          scheduledAt: now,
          nextAttemptAt: now,
          idempotencyKey: randomUUID(),
          createdAt: now,
          updatedAt: now,
        },
      ])
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sender-'))
      const env = {
        ...process.env,
        DATABASE_URL: db.url,
        VIGIE_SECRET_KEY: KEY,
        VIGIE_ALLOW_HOSTS: '127.0.0.1',
        VIGIE_INDEX_DIR: path.join(dir, 'index'),
        VIGIE_LOG_LEVEL: 'error',
      }
      try {
        const first = vigie(['reshare', 'send-due', '--json'], env)
        // Killed once the instance has the status and the sender waits for the answer.
        for (let i = 0; i < 200 && mastodon.posts() === 0; i++)
          await new Promise((r) => setTimeout(r, 50))
        expect(mastodon.posts()).toBe(1)
        first.child.kill('SIGKILL')
        await first.done
        const [left] = await db.client
          .execute('select state, lease_owner from reshares')
          .then((r) => r.rows)
        expect(left!.state).toBe('sending')

        const second = await vigie(['reshare', 'send-due', '--json'], env).done
        expect(second.code, second.stderr).toBe(0)
        expect(JSON.parse(second.stdout)).toMatchObject({ reconciled: 1, sent: 0 })
        expect(mastodon.posts()).toBe(1)
        const [row] = await db.client
          .execute('select state, remote_id from reshares')
          .then((r) => r.rows)
        expect(row).toMatchObject({ state: 'sent', remote_id: '113000000000000001' })
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  )
})
