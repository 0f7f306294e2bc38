import { Layout } from '../layout.tsx'
import type { SectorOption } from '../components/sector-picker.tsx'
import type { Frame } from './queue-page.tsx'

export interface ArticleAddPageProps {
  frame: Frame
  sectors: SectorOption[]
  sector: string
  /** The address in the field: typed, shared from another app, or sent by the bookmarklet. */
  url: string
  approve: boolean
  error: string | null
  /** Where this page is, as the bookmarklet must reach it from any site. */
  origin: string
}

/**
 * "Ajouter un article": a page the curator found elsewhere, by its address. The bookmarklet and a
 * phone's share sheet (the manifest's share_target) open this page with the address filled in;
 * only the button fetches it.
 */
export function ArticleAddPage(p: ArticleAddPageProps) {
  const { t, csrf } = p.frame
  const bookmarklet =
    `javascript:void(open('${p.origin}/articles/add?sector=${encodeURIComponent(p.sector)}` +
    `&url='+encodeURIComponent(location.href)))`
  return (
    <Layout {...p.frame} title={t('articleAdd.title')} active="queue">
      <h1>{t('articleAdd.title')}</h1>
      <p class="muted">{t('articleAdd.intro')}</p>
      <form method="post" action="/articles/add" class="auth-form article-add">
        <input type="hidden" name="_csrf" value={csrf} />
        {p.error && (
          <p class="form-error" role="alert" id="article-add-error">
            {p.error}
          </p>
        )}
        {p.sectors.length > 1 ? (
          <label>
            {t('nav.sector')}
            <select name="sector">
              {p.sectors.map((s) => (
                <option value={s.slug} selected={s.slug === p.sector}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <input type="hidden" name="sector" value={p.sector} />
        )}
        <label>
          {t('articleAdd.url')}
          <input
            type="url"
            name="url"
            value={p.url}
            required
            autofocus
            placeholder="https://"
            aria-describedby={p.error ? 'article-add-error' : undefined}
          />
        </label>
        <label class="check">
          <input type="checkbox" name="approve" value="1" checked={p.approve} />
          {t('articleAdd.approve')}
        </label>
        <button type="submit" class="primary">
          {t('articleAdd.submit')}
        </button>
      </form>
      <section class="article-add-elsewhere">
        <h2>{t('articleAdd.fromBrowser')}</h2>
        <p>
          {t('articleAdd.bookmarkletHelp')}{' '}
          <a href={bookmarklet} class="bookmarklet">
            {t('articleAdd.bookmarklet')}
          </a>
        </p>
        <p class="muted">{t('articleAdd.shareHelp')}</p>
      </section>
    </Layout>
  )
}
