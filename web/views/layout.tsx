import type { Child } from 'hono/jsx'
import type { Locale, Translate } from '../i18n/index.ts'

export interface LayoutProps {
  title: string
  t: Translate
  locale: Locale
  csrf: string
  user: { email: string; role: string } | null
  sector?: string | null
  active?: string
  /** The current path and query, so that switching language comes back to the same page. */
  path?: string
  children?: Child
}

const nav = [
  'queue',
  'shortlist',
  'reshares',
  'search',
  'sources',
  'directory',
  'crawl',
  'dashboard',
] as const

/** The page frame: navigation, CSRF token for scripts, styles and the one script file (no inline script). */
export function Layout(p: LayoutProps) {
  const q = p.sector ? `?sector=${encodeURIComponent(p.sector)}` : ''
  return (
    <html lang={p.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={p.csrf} />
        <title>{`${p.title} · Vigie`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/static/icon-192.png" />
        {/* Installed on a phone's home screen, Vigie opens as an app of its own. */}
        <link rel="manifest" href="/static/manifest.webmanifest" />
        <meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)" />
        <meta name="theme-color" content="#1f2125" media="(prefers-color-scheme: dark)" />
        <script type="module" src="/static/app.js"></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          {p.t('nav.skip')}
        </a>
        <header class="topbar">
          <a class="brand" href={`/${q}`}>
            Vigie
          </a>
          {p.user && (
            <nav class="mainnav" aria-label={p.t('nav.main')}>
              {nav.map((n) => (
                <a
                  href={`/${n}${q}`}
                  class={p.active === n ? 'active' : undefined}
                  aria-current={p.active === n ? 'page' : undefined}
                >
                  {p.t(`nav.${n}`)}
                </a>
              ))}
            </nav>
          )}
          {p.user && (
            <form method="post" action="/account/locale" class="locale-switch">
              <input type="hidden" name="_csrf" value={p.csrf} />
              {p.path && <input type="hidden" name="back" value={p.path} />}
              <button
                type="submit"
                name="locale"
                value={p.locale === 'fr' ? 'en' : 'fr'}
                lang={p.locale === 'fr' ? 'en' : 'fr'}
              >
                {p.locale === 'fr' ? 'English' : 'Français'}
              </button>
            </form>
          )}
          {p.user && (
            <form method="post" action="/logout" class="logout">
              <input type="hidden" name="_csrf" value={p.csrf} />
              {/* The account's pages (tokens; users, for an admin) are one click from the address. */}
              <a href="/account/tokens" class="who" title={p.user.email}>
                {p.user.email}
              </a>
              <button type="submit">{p.t('nav.logout')}</button>
            </form>
          )}
        </header>
        <main id="main" tabindex={-1}>
          {p.children}
        </main>
      </body>
    </html>
  )
}
