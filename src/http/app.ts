import { Hono } from 'hono'
import { html } from 'hono/html'
import { secureHeaders } from 'hono/secure-headers'
import { sql } from 'drizzle-orm'
import { listArticles, listSectors, type Db } from '../store/index.ts'

export interface AppDeps {
  db: Db
}

/** The HTTP app. For now: a home page listing sectors and the latest articles, and /health. */
export function createApp(deps: AppDeps) {
  const app = new Hono()
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    }),
  )

  app.get('/health', async (c) => {
    try {
      await deps.db.run(sql`select 1`)
      return c.json({ ok: true })
    } catch {
      return c.json({ ok: false, error: 'database unavailable' }, 503)
    }
  })

  app.get('/', async (c) => {
    const sectors = await listSectors(deps.db)
    const latest = await listArticles(deps.db, { limit: 30 })
    return c.html(html`<!doctype html>
      <html lang="fr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>Vigie</title>
        </head>
        <body>
          <h1>Vigie</h1>
          <h2>Secteurs</h2>
          <ul>
            ${sectors.map(
              (s) =>
                html`<li>
                  <strong>${s.name}</strong> (${s.slug}): ${s.feedsEnabled} flux, ${s.articles} articles,
                  ${s.feedsFailing} en erreur, dernière collecte ${s.lastCrawlAt?.toISOString() ?? 'jamais'}
                </li>`,
            )}
          </ul>
          <h2>Derniers articles</h2>
          <ol>
            ${latest.map(
              (a) =>
                html`<li>
                  <a href="${/^https?:\/\//i.test(a.url) ? a.url : "#"}" rel="noopener noreferrer">${a.title || a.url}</a>
                  ${a.author ? html` par ${a.author}` : ''} (${a.publishedAt.toISOString().slice(0, 10)})
                </li>`,
            )}
          </ol>
        </body>
      </html>`)
  })
  return app
}
