import { Hono } from 'hono'
import { timing } from 'hono/timing'
import { pickLocale, translator } from '../../web/i18n/index.ts'
import { AppError } from '../lib/errors.ts'
import type { AppDeps, AppEnv } from './env.ts'
import { bodyLimits } from './middleware/body-limit.ts'
import { sessionMiddleware } from './middleware/session.ts'
import { securityHeaders } from './middleware/security-headers.ts'
import { onError } from './on-error.ts'
import { apiRoutes } from './routes/api.ts'
import { authRoutes } from './routes/auth.ts'
import { crawlRoutes } from './routes/crawl.ts'
import { dashboardRoutes } from './routes/dashboard.ts'
import { directoryRoutes } from './routes/directory.ts'
import { directoryPersonRoutes } from './routes/directory-person.ts'
import { directorySourceRoutes } from './routes/directory-source.ts'
import { suggestionRoutes } from './routes/suggestions.ts'
import { healthRoutes } from './routes/health.ts'
import { publicRoutes } from './routes/public.ts'
import { queueRoutes } from './routes/queue.ts'
import { reshareRoutes } from './routes/reshare.ts'
import { articleAddRoutes } from './routes/article-add.ts'
import { readerRoutes } from './routes/reader.ts'
import { searchRoutes } from './routes/search.ts'
import { shortlistRoutes } from './routes/shortlist.ts'
import { sourcesRoutes } from './routes/sources.ts'
import { staticRoutes } from './routes/static.ts'

export type { AppDeps, AppEnv } from './env.ts'

/** The web app and JSON API over the stages in `deps`. Routes stay thin: validate, call, render. */
export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  app.onError(onError)
  // The server's own time for each response (Server-Timing: total;dur=ms), as the browser's devtools
  // and the benchmarks read it: a round trip also counts the client and the network.
  app.use(timing({ totalDescription: 'server' }))
  app.use(securityHeaders)
  app.use(async (c, next) => {
    c.set('deps', deps)
    const locale = pickLocale(c.req.header('accept-language'))
    c.set('locale', locale)
    c.set('t', translator(locale))
    await next()
  })
  staticRoutes(app)
  healthRoutes(app)
  // Before the session middleware, whose CSRF check may read a form.
  app.use(bodyLimits())
  app.use(sessionMiddleware())
  app.use(async (c, next) => {
    // A signed-in user's own language wins over the browser's.
    const user = c.var.user
    if (user) {
      c.set('locale', user.locale)
      c.set('t', translator(user.locale))
    }
    await next()
  })
  authRoutes(app)
  app.get('/', (c) => c.redirect('/queue'))
  queueRoutes(app)
  // Before the reader: /articles/add is not an article's id.
  articleAddRoutes(app)
  readerRoutes(app)
  searchRoutes(app)
  shortlistRoutes(app)
  sourcesRoutes(app)
  directoryRoutes(app)
  directoryPersonRoutes(app)
  directorySourceRoutes(app)
  suggestionRoutes(app)
  crawlRoutes(app)
  dashboardRoutes(app)
  publicRoutes(app)
  reshareRoutes(app)
  apiRoutes(app)
  app.notFound((c) => onError(new AppError('not_found', {}, 'not found'), c))
  return app
}
