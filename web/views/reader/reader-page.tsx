import { raw } from 'hono/html'
import type { Explanation } from '../../../src/jobs/scoring.ts'
import { Layout } from '../layout.tsx'
import { ScoreBadge, StatusBadge } from '../components/badges.tsx'
import { DecisionForm, UndoForm } from '../components/decision-form.tsx'
import { ExplanationPanel } from '../components/explanation.tsx'
import { DateTime, langLabel, safeHref } from '../components/format.tsx'
import type { Frame } from '../queue/queue-page.tsx'
import { AnnotationForm, type AnnotationFormProps } from './annotation-form.tsx'
import { ReshareHistory, type ReshareItem } from '../reshare/reshare-history.tsx'
import { StoryNav, type StoryNavProps } from './story-nav.tsx'
import { reasonLine } from '../components/reason-line.ts'
import { KeysHelp, READER_KEYS } from '../components/keys-help.tsx'
import { Byline, type BylineAuthor } from '../directory/byline.tsx'

export interface ReaderArticle {
  id: number
  url: string
  title: string
  author: string | null
  /** The byline's authors, linked to the directory where it knows them. */
  authors?: BylineAuthor[]
  publishedAt: Date
  lang: string | null
  wordCount: number
  readingMinutes: number
  status: string
  /** The article HTML as stored: sanitised by the extract stage (DOMPurify), the only raw markup shown. */
  html: string | null
  text: string | null
  source: string
  siteUrl: string | null
}

export interface ReaderPageProps {
  frame: Frame
  article: ReaderArticle
  score: { score: number; reason: string; explanation: Explanation } | null
  annotation: Omit<AnnotationFormProps, 't' | 'locale' | 'csrf' | 'articleId'>
  nav: Omit<StoryNavProps, 't'>
  canDecide: boolean
  snoozeDefault: string
  done: { id: number; action: string } | null
  reshares: { items: ReshareItem[]; timezone: string }
  /** Just added by its address ("Ajouter un article"), or found already in the sector. */
  added?: 'new' | 'existing' | null
}

/** The reader: the article as extracted, its metadata and score, the annotation, the story around it. */
export function ReaderPage(p: ReaderPageProps) {
  const { t, locale, csrf } = p.frame
  const a = p.article
  const original = safeHref(a.url)
  const site = safeHref(a.siteUrl)
  const back = `/articles/${a.id}`
  return (
    <Layout {...p.frame} title={a.title || a.url} active="queue">
      {p.added && (
        <p class="notice" role="status">
          {t(`articleAdd.done.${p.added}`)}
        </p>
      )}
      <div class="reader">
        <article class="reader-article" lang={a.lang ?? undefined}>
          <header>
            <h1>{a.title}</h1>
            <dl class="reader-meta">
              <dt>{t('reader.source')}</dt>
              <dd>
                {site ? (
                  <a href={site} rel="noopener noreferrer">
                    {a.source}
                  </a>
                ) : (
                  a.source
                )}
              </dd>
              {a.author && (
                <>
                  <dt>{t('reader.author')}</dt>
                  <dd>
                    <Byline byline={a.author} authors={a.authors} />
                  </dd>
                </>
              )}
              <dt>{t('reader.date')}</dt>
              <dd>
                <DateTime locale={locale} when={a.publishedAt} />
              </dd>
              <dt>{t('reader.lang')}</dt>
              <dd>{langLabel(a.lang)}</dd>
              <dt>{t('reader.readingTime')}</dt>
              <dd>
                {t('reader.minutes', { n: Math.max(1, a.readingMinutes) })} ·{' '}
                {t('reader.words', { n: a.wordCount })}
              </dd>
              <dt>{t('reader.status')}</dt>
              <dd>
                <StatusBadge status={a.status} t={t} />
              </dd>
            </dl>
            <p class="original">
              {original ? (
                <a href={original} rel="noopener noreferrer" target="_blank">
                  {t('reader.original')}
                </a>
              ) : (
                <span class="muted">{a.url}</span>
              )}
            </p>
          </header>
          <ArticleBody html={a.html} text={a.text} empty={t('reader.noContent')} />
        </article>
        <aside class="reader-side">
          {(p.done || p.canDecide) && (
            // On a phone this block is a bar fixed to the bottom of the screen: deciding never waits
            // for the end of a long article, and the note is one tap away.
            <div class="reader-actions" role="region" aria-label={t('reader.actions')}>
              {p.done && (
                <div class="notice" role="status">
                  <span>{t(`action.done.${p.done.action}`)}</span>
                  {p.done.action !== 'reset' && p.canDecide && (
                    <UndoForm articleId={p.done.id} csrf={csrf} back={back} t={t} />
                  )}
                </div>
              )}
              {p.canDecide && (
                <div class="reader-actions-row">
                  <DecisionForm
                    articleId={a.id}
                    csrf={csrf}
                    back={back}
                    snoozeDefault={p.snoozeDefault}
                    t={t}
                  />
                  <a class="button jump-note" href="#annotation" title={t('reader.jumpNoteTitle')}>
                    {t('reader.jumpNote')}
                  </a>
                </div>
              )}
            </div>
          )}
          {p.score && (
            <section class="reader-score">
              <p class="score-line">
                <ScoreBadge score={p.score.score} t={t} />{' '}
                <span class="card-reason">{reasonLine(p.score, t)}</span>
              </p>
              <details class="card-why">
                <summary>{t('card.why')}</summary>
                <ExplanationPanel explanation={p.score.explanation} t={t} locale={locale} />
              </details>
            </section>
          )}
          {p.canDecide && (
            <p>
              <a class="button" href={`/articles/${a.id}/reshare`}>
                {t('reshare.action')}
              </a>
            </p>
          )}
          <AnnotationForm {...p.annotation} articleId={a.id} csrf={csrf} t={t} locale={locale} />
          <ReshareHistory
            items={p.reshares.items}
            t={t}
            locale={locale}
            timezone={p.reshares.timezone}
            csrf={csrf}
            canEdit={p.canDecide}
            back={back}
            sector={p.frame.sector ?? undefined}
          />
          <StoryNav
            {...p.nav}
            t={t}
            separate={p.canDecide ? { articleId: a.id, csrf } : undefined}
          />
          <p class="keys-hint muted">{t('keys.hint')}</p>
        </aside>
      </div>
      <KeysHelp t={t} canDecide={p.canDecide} keys={READER_KEYS} />
    </Layout>
  )
}

function ArticleBody(p: { html: string | null; text: string | null; empty: string }) {
  if (p.html) return <div class="article-body">{raw(p.html)}</div>
  const paragraphs = (p.text ?? '')
    .split(/\n{2,}|\r\n\r\n/)
    .map((s) => s.trim())
    .filter(Boolean)
  if (!paragraphs.length) return <p class="empty">{p.empty}</p>
  return (
    <div class="article-body">
      {paragraphs.map((para) => (
        <p>{para}</p>
      ))}
    </div>
  )
}
