import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Hono } from 'hono'
import type { AppEnv } from '../env.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/static')
const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
}

/** web/static/* served as is (names checked, no directory walk), cached for an hour. */
export function staticRoutes(app: Hono<AppEnv>) {
  app.get('/static/:file{[a-z0-9][a-z0-9._-]*}', async (c) => {
    const file = c.req.param('file')
    const type = types[path.extname(file)]
    if (!type) return c.notFound()
    try {
      const body = await fs.readFile(path.join(root, file))
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' })
    } catch {
      return c.notFound()
    }
  })
}
