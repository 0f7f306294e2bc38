import type { Role } from '../auth/index.ts'

/**
 * Every web route (the JSON API under /api declares its own in its OpenAPI document), in one place:
 * who may call it, what body it reads, and whether it is a page a redirect may lead to. The session
 * middleware enforces `access` and the body limit middleware `body`; test/security walks this table
 * and fails when the app serves a route it does not list.
 */
export type Access = 'public' | Role

/** What a route reads from the request body, and so how much of it is let in. */
export type BodyKind = 'none' | 'signin' | 'form' | 'upload'

export interface WebRoute {
  method: 'GET' | 'POST'
  /** Hono's pattern: `:name` matches one path segment. */
  path: string
  access: Access
  body: BodyKind
  /** A page a curator may be sent back to after signing in or submitting a form. */
  page?: true
  /** Query or form fields whose value becomes a Location (checked by safeRedirectTarget). */
  redirects?: readonly string[]
}

/** The largest OPML file an import takes; the upload limit leaves room for the form around it. */
export const MAX_OPML_BYTES = 5 * 1024 * 1024

export const BODY_LIMITS: Record<BodyKind, number> = {
  none: 8 * 1024,
  signin: 8 * 1024,
  // A 20,000-character note and a 5,000-character commentary, percent-encoded, fit with room to spare.
  form: 256 * 1024,
  upload: MAX_OPML_BYTES + 256 * 1024,
}

/** The JSON API's request bodies (decisions, annotations, feed edits). */
export const API_BODY_LIMIT = 256 * 1024

export const WEB_ROUTES: readonly WebRoute[] = [
  { method: 'GET', path: '/health', access: 'public', body: 'none' },
  { method: 'GET', path: '/static/:file', access: 'public', body: 'none' },
  { method: 'GET', path: '/login', access: 'public', body: 'none', redirects: ['next'] },
  { method: 'POST', path: '/login', access: 'public', body: 'signin', redirects: ['next'] },
  { method: 'GET', path: '/setup', access: 'public', body: 'none' },
  { method: 'POST', path: '/setup', access: 'public', body: 'signin' },
  { method: 'GET', path: '/p/:slug', access: 'public', body: 'none' },
  { method: 'GET', path: '/p/:slug/feed.atom', access: 'public', body: 'none' },
  { method: 'GET', path: '/p/:slug/feed.rss', access: 'public', body: 'none' },
  { method: 'GET', path: '/p/:slug/feed.json', access: 'public', body: 'none' },
  { method: 'GET', path: '/alerts/stop', access: 'public', body: 'none' },
  { method: 'POST', path: '/alerts/stop', access: 'public', body: 'form' },
  { method: 'POST', path: '/logout', access: 'viewer', body: 'form' },
  { method: 'GET', path: '/', access: 'viewer', body: 'none', page: true },
  { method: 'POST', path: '/account/locale', access: 'viewer', body: 'form', redirects: ['back'] },
  { method: 'GET', path: '/account/tokens', access: 'viewer', body: 'none', page: true },
  { method: 'GET', path: '/account/alerts', access: 'curator', body: 'none', page: true },
  { method: 'POST', path: '/account/tokens', access: 'viewer', body: 'form' },
  { method: 'POST', path: '/account/tokens/:id/revoke', access: 'viewer', body: 'form' },
  { method: 'GET', path: '/admin/users', access: 'admin', body: 'none', page: true },
  { method: 'POST', path: '/admin/users', access: 'admin', body: 'form' },
  { method: 'POST', path: '/admin/users/:id/role', access: 'admin', body: 'form' },
  { method: 'POST', path: '/admin/users/:id/delete', access: 'admin', body: 'form' },
  { method: 'GET', path: '/queue', access: 'viewer', body: 'none', page: true },
  {
    method: 'POST',
    path: '/queue/:id/decision',
    access: 'curator',
    body: 'form',
    redirects: ['back'],
  },
  { method: 'POST', path: '/queue/dismiss', access: 'curator', body: 'form', redirects: ['back'] },
  {
    method: 'POST',
    path: '/queue/:id/separate',
    access: 'curator',
    body: 'form',
    redirects: ['back'],
  },
  {
    method: 'POST',
    path: '/queue/:id/rejoin',
    access: 'curator',
    body: 'form',
    redirects: ['back'],
  },
  { method: 'GET', path: '/articles/add', access: 'curator', body: 'none', page: true },
  { method: 'POST', path: '/articles/add', access: 'curator', body: 'form' },
  { method: 'GET', path: '/articles/:id', access: 'viewer', body: 'none', page: true },
  { method: 'POST', path: '/articles/:id/annotation', access: 'curator', body: 'form' },
  { method: 'GET', path: '/articles/:id/reshare', access: 'curator', body: 'none', page: true },
  { method: 'POST', path: '/articles/:id/reshare/count', access: 'curator', body: 'form' },
  { method: 'POST', path: '/articles/:id/reshare', access: 'curator', body: 'form' },
  { method: 'GET', path: '/reshares', access: 'viewer', body: 'none', page: true },
  { method: 'POST', path: '/reshares/:id', access: 'curator', body: 'form' },
  { method: 'GET', path: '/search', access: 'viewer', body: 'none', page: true },
  { method: 'POST', path: '/search/follow', access: 'curator', body: 'form' },
  { method: 'POST', path: '/search/followed/:id/delete', access: 'curator', body: 'form' },
  {
    method: 'POST',
    path: '/search/followed/:id/alert',
    access: 'curator',
    body: 'form',
    redirects: ['back'],
  },
  { method: 'GET', path: '/shortlist', access: 'viewer', body: 'none', page: true },
  { method: 'GET', path: '/shortlist/export', access: 'viewer', body: 'none' },
  { method: 'POST', path: '/shortlist/rebuild', access: 'curator', body: 'form' },
  { method: 'GET', path: '/sources', access: 'viewer', body: 'none', page: true },
  { method: 'GET', path: '/directory', access: 'viewer', body: 'none', page: true },
  { method: 'GET', path: '/directory/people/:id', access: 'viewer', body: 'none', page: true },
  { method: 'POST', path: '/directory/people/:id', access: 'curator', body: 'form' },
  { method: 'GET', path: '/directory/sources/:id', access: 'viewer', body: 'none', page: true },
  { method: 'POST', path: '/directory/suggestions/follow', access: 'curator', body: 'form' },
  { method: 'POST', path: '/directory/suggestions/dismiss', access: 'curator', body: 'form' },
  { method: 'GET', path: '/sources/export.opml', access: 'viewer', body: 'none' },
  { method: 'POST', path: '/sources', access: 'admin', body: 'form' },
  { method: 'GET', path: '/sources/channels', access: 'admin', body: 'none', page: true },
  { method: 'POST', path: '/sources/channels', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/channels/:id', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/public', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/import', access: 'admin', body: 'upload' },
  { method: 'GET', path: '/sources/profile', access: 'admin', body: 'none', page: true },
  { method: 'GET', path: '/sources/profile/progress', access: 'admin', body: 'none' },
  { method: 'POST', path: '/sources/profile/preview', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/profile', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/:id', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/:id/delete', access: 'admin', body: 'form' },
  { method: 'POST', path: '/sources/:id/fetch', access: 'curator', body: 'form' },
  { method: 'GET', path: '/crawl', access: 'viewer', body: 'none', page: true },
  { method: 'GET', path: '/crawl/events', access: 'viewer', body: 'none' },
  { method: 'POST', path: '/crawl', access: 'curator', body: 'form' },
  { method: 'GET', path: '/dashboard', access: 'viewer', body: 'none', page: true },
]

// Specific paths come before the patterns that would also match them (/sources/import, /sources/:id).
const compiled = WEB_ROUTES.map((route) => ({
  route,
  re: new RegExp(`^${route.path.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}$`),
}))

/** The web route serving this method and path, if any (HEAD is served as GET). */
export function webRouteOf(method: string, path: string): WebRoute | undefined {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
  return compiled.find((c) => c.route.method === m && c.re.test(path))?.route
}

export const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/')
