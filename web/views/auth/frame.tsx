import type { Child } from 'hono/jsx'
import { Layout, type LayoutProps } from '../layout.tsx'

export type Frame = Omit<LayoutProps, 'children' | 'title' | 'active'>

/** A page of the accounts area, with links between its pages for a signed-in user. */
export function AuthPage(p: { frame: Frame; title: string; children?: Child }) {
  const { t, user } = p.frame
  return (
    <Layout {...p.frame} title={p.title}>
      {user && (
        <nav class="subnav" aria-label={t('auth.nav.label')}>
          <a href="/account/tokens">{t('auth.nav.tokens')}</a>
          {user.role !== 'viewer' && <a href="/account/alerts">{t('auth.nav.alerts')}</a>}
          {user.role === 'admin' && <a href="/admin/users">{t('auth.nav.users')}</a>}
        </nav>
      )}
      <h1>{p.title}</h1>
      {p.children}
    </Layout>
  )
}

/** An error or notice line, announced to screen readers. */
export function Message(p: { kind: 'error' | 'notice'; text: string | null | undefined }) {
  if (!p.text) return null
  return (
    <p
      class={p.kind === 'error' ? 'form-error' : 'notice'}
      role={p.kind === 'error' ? 'alert' : 'status'}
    >
      {p.text}
    </p>
  )
}

export const CsrfField = (p: { value: string }) => (
  <input type="hidden" name="_csrf" value={p.value} />
)

/** The account's email, first field of the sign-in and first-run forms. */
export const EmailField = (p: { label: string; value: string }) => (
  <label>
    {p.label}
    <input type="email" name="email" value={p.value} required autocomplete="username" autofocus />
  </label>
)
