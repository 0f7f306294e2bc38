import { formatNumber } from '../../i18n/number.ts'
import { Layout } from '../layout.tsx'
import { DateTime } from '../components/format.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import type { DirectoryFiguresView } from './directory-page.tsx'
import { ActivityFigures } from './activity-figures.tsx'
import { Figure } from './sparkline.tsx'
import { Citations, type CitationsProps } from './citations.tsx'

export interface PersonPageProps {
  frame: Frame
  sector: string
  canEdit: boolean
  flash: string | null
  person: {
    id: number
    name: string
    foundName: string
    curatorName: string | null
    note: string
    aliases: { feedId: number; normName: string; name: string; source: string; articles: number }[]
    handles: { network: string; handle: string; url: string | null; signal: string }[]
    figures: DirectoryFiguresView
  }
  articles: { id: number; title: string; publishedAt: string; source: string; feedId: number }[]
  /** Who cites them and whom they cite, a page of each. */
  citations: Omit<CitationsProps, 't'>
  /** Other people of the sector, to merge into this one. */
  others: { id: number; name: string }[]
  networks: readonly string[]
}

const webUrl = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null)

function Op(p: { id: number; csrf: string; op: string; children: unknown; class?: string }) {
  return (
    <form method="post" action={`/directory/people/${p.id}`} class={p.class}>
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="op" value={p.op} />
      {p.children}
    </form>
  )
}

/** One person of the directory: figures, handles, latest articles, and the curator's forms. */
export function PersonPage(p: PersonPageProps) {
  const { t, locale, csrf } = p.frame
  const { person: me, figures: f } = { person: p.person, figures: p.person.figures }
  return (
    <Layout {...p.frame} title={me.name} active="directory">
      <p class="meta">
        <a href={`/directory?sector=${encodeURIComponent(p.sector)}#people`}>
          {t('directory.back')}
        </a>
      </p>
      <h1>
        {me.name}
        {f.rising && <span class="badge rising">{t('directory.rising')}</span>}
      </h1>
      {p.flash && <p class="flash">{p.flash}</p>}
      {me.note && <p class="note">{me.note}</p>}
      <dl class="figures">
        <Figure label={t('directory.influence')}>
          {formatNumber(locale, f.influence * 100, 2)}
        </Figure>
        <Figure label={t('directory.citations')}>
          {t('directory.citationsLine', { n: f.citingSources, citations: f.citations })}
        </Figure>
        <ActivityFigures figures={f} t={t} locale={locale} />
      </dl>

      <h2>{t('directory.handles')}</h2>
      <ul class="handles">
        {me.handles.map((h) => (
          <li title={t('directory.foundBy', { signal: h.signal })}>
            <span class="network">{h.network}</span>{' '}
            {webUrl(h.url) ? (
              <a href={webUrl(h.url)!} rel="nofollow noopener noreferrer">
                {h.handle}
              </a>
            ) : (
              h.handle
            )}
            {p.canEdit && (
              <Op id={me.id} csrf={csrf} op="handle-remove" class="inline">
                <input type="hidden" name="network" value={h.network} />
                <input type="hidden" name="handle" value={h.handle} />
                <button type="submit">{t('directory.removeHandle')}</button>
              </Op>
            )}
          </li>
        ))}
      </ul>

      <h2>{t('directory.articles')}</h2>
      {p.articles.length ? (
        <ul class="articles">
          {p.articles.map((a) => (
            <li>
              <a href={`/articles/${a.id}`}>{a.title}</a> —{' '}
              <a href={`/directory/sources/${a.feedId}`}>{a.source}</a>,{' '}
              <DateTime locale={locale} when={a.publishedAt} withTime={false} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">{t('directory.empty')}</p>
      )}

      <Citations t={t} {...p.citations} />

      <h2>{t('directory.aliases')}</h2>
      <ul>
        {me.aliases.map((a) => (
          <li>
            {a.name} — <a href={`/directory/sources/${a.feedId}`}>{a.source}</a> ({a.articles})
          </li>
        ))}
      </ul>

      {p.canEdit && (
        <section class="curator-edits">
          <h2>{t('directory.edit')}</h2>
          <Op id={me.id} csrf={csrf} op="edit">
            <label>
              {t('directory.displayName')}
              <input name="name" value={me.curatorName ?? ''} placeholder={me.foundName} />
            </label>
            <label>
              {t('directory.note')}
              <textarea name="note">{me.note}</textarea>
            </label>
            <button type="submit">{t('directory.save')}</button>
          </Op>
          <Op id={me.id} csrf={csrf} op="handle-add">
            <label>
              {t('directory.network')}
              <select name="network">
                {p.networks.map((n) => (
                  <option value={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              {t('directory.handle')}
              <input name="handle" required />
            </label>
            <button type="submit">{t('directory.addHandle')}</button>
          </Op>
          {p.others.length > 0 && (
            <Op id={me.id} csrf={csrf} op="merge">
              <label>
                {t('directory.mergeFrom')}
                <select name="from">
                  {p.others.map((o) => (
                    <option value={String(o.id)}>{o.name}</option>
                  ))}
                </select>
              </label>
              <button type="submit">{t('directory.merge')}</button>
            </Op>
          )}
          {me.aliases.length > 1 && (
            <Op id={me.id} csrf={csrf} op="split">
              <fieldset>
                <legend>{t('directory.splitAliases')}</legend>
                {me.aliases.map((a) => (
                  <label>
                    <input type="checkbox" name="alias" value={`${a.feedId}|${a.normName}`} />{' '}
                    {a.name} — {a.source}
                  </label>
                ))}
              </fieldset>
              <button type="submit">{t('directory.split')}</button>
            </Op>
          )}
        </section>
      )}
    </Layout>
  )
}
