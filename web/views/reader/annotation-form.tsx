import { ANNOTATION_LIMITS } from '../../../src/curate/index.ts'
import type { Locale, Translate } from '../../i18n/index.ts'
import { formatNumber } from '../components/format.tsx'
import { AnnotationHistory, type AnnotationVersionItem } from './annotation-history.tsx'

export interface AnnotationValues {
  note: string
  tags: string[]
  commentary: string
}

export interface AnnotationFormProps {
  articleId: number
  csrf: string
  t: Translate
  locale: Locale
  /** What the form shows: the saved annotation, or the curator's own edit after a conflict. */
  values: AnnotationValues
  /** The version the next save is based on. */
  baseVersion: number
  /** The sector's tags, most used first, offered by the datalist. */
  knownTags: string[]
  editable: boolean
  /** After a refused save: the version saved elsewhere, shown beside the curator's edit. */
  conflict: (AnnotationValues & { version: number }) | null
  saved: boolean
  /** A refused save's reason (a limit), said beside the save button. */
  error: string | null
  /** Saved versions, newest first (the newest few), and how many there are in all. */
  history: AnnotationVersionItem[]
  historyTotal: number
  /** The history listed whole (?history=all): shown open. */
  historyOpen?: boolean
}

/** The curator's note, tags and public commentary; reader.js autosaves it and handles conflicts. */
export function AnnotationForm(p: AnnotationFormProps) {
  const { t, values, locale } = p
  const L = ANNOTATION_LIMITS
  const n = (x: number) => formatNumber(locale, x, 0)
  const tagCount = new Set(values.tags).size
  if (!p.editable) return <ReadOnlyAnnotation {...p} />
  return (
    <section class="annotation" id="annotation" aria-labelledby="annotation-title">
      <h2 id="annotation-title">{t('note.title')}</h2>
      {p.conflict && <ConflictPanel t={t} theirs={p.conflict} />}
      <form
        method="post"
        action={`/articles/${p.articleId}/annotation`}
        class="annotation-form"
        data-saved={t('note.saved')}
        data-version={t('note.version', { n: '{n}' })}
        data-saving={t('note.saving')}
        data-failed={t('note.failed')}
        data-conflict={t('note.conflict')}
        data-theirs={t('note.theirs')}
        data-yours={t('note.yours')}
        data-keep-mine={t('note.keepMine')}
        data-take-theirs={t('note.takeTheirs')}
        data-note-label={t('note.note')}
        data-tags-label={t('note.tags')}
        data-commentary-label={t('note.commentary')}
        data-tags-short={t('note.tagsShort')}
        data-chars-left={t('note.charsLeft', { n: '{n}', max: '{max}' })}
        data-chars-left-one={t('note.charsLeft.one', { n: '{n}', max: '{max}' })}
        data-chars-over={t('note.charsOver', { n: '{n}', max: '{max}' })}
        data-chars-over-one={t('note.charsOver.one', { n: '{n}', max: '{max}' })}
        data-tags-left={t('note.tagsLeft', { n: '{n}', max: '{max}', len: '{len}' })}
        data-tags-over={t('note.tagsOver', { n: '{n}', max: '{max}' })}
        data-tag-too-long={t('note.tagTooLong', { max: '{max}' })}
        data-over-chars={t('note.overChars', {
          label: '{label}',
          actual: '{actual}',
          limit: '{limit}',
        })}
        data-over-tags={t('note.overTags', {
          label: '{label}',
          actual: '{actual}',
          limit: '{limit}',
        })}
        data-over-tag={t('note.overTag', { actual: '{actual}', limit: '{limit}' })}
        data-too-large={t('note.tooLarge')}
        data-limit-note={String(L.note)}
        data-limit-commentary={String(L.commentary)}
        data-limit-tags={String(L.tags)}
        data-limit-tag={String(L.tag)}
      >
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="baseVersion" value={String(p.baseVersion)} />
        <label for="note">{t('note.note')}</label>
        <textarea id="note" name="note" rows={5} aria-describedby="note-count">
          {values.note}
        </textarea>
        <CharsLeft id="note-count" t={t} used={values.note.length} max={L.note} n={n} />
        <label for="tags">{t('note.tags')}</label>
        <input
          id="tags"
          name="tags"
          type="text"
          list="known-tags"
          autocomplete="off"
          value={values.tags.join(', ')}
          aria-describedby="tags-count"
        />
        <span id="tags-count" class={`field-count${tagCount > L.tags ? ' over' : ''}`}>
          {tagCount > L.tags
            ? t('note.tagsOver', { n: n(tagCount), max: n(L.tags) })
            : t('note.tagsLeft', { n: n(tagCount), max: n(L.tags), len: n(L.tag) })}
        </span>
        <datalist id="known-tags">
          {p.knownTags.map((tag) => (
            <option value={tag} />
          ))}
        </datalist>
        <label for="commentary">{t('note.commentary')}</label>
        <textarea id="commentary" name="commentary" rows={3} aria-describedby="commentary-count">
          {values.commentary}
        </textarea>
        <CharsLeft
          id="commentary-count"
          t={t}
          used={values.commentary.length}
          max={L.commentary}
          n={n}
        />
        <div class="annotation-actions">
          <button type="submit" class="primary">
            {t('note.save')}
          </button>
          <span class={`save-status${p.error ? ' error' : ''}`} role="status" aria-live="polite">
            {p.error ?? (p.saved ? t('note.saved') : '')}
          </span>
          <span class="muted version">
            {p.baseVersion > 0 ? t('note.version', { n: p.baseVersion }) : ''}
          </span>
        </div>
      </form>
      <AnnotationHistory
        articleId={p.articleId}
        csrf={p.csrf}
        t={t}
        locale={locale}
        items={p.history}
        total={p.historyTotal}
        open={p.historyOpen}
        currentVersion={p.baseVersion}
        canRestore={!p.conflict}
      />
    </section>
  )
}

/** Characters left in a field, or how many too many (reader.js keeps it current while typing). */
function CharsLeft(p: {
  id: string
  t: Translate
  used: number
  max: number
  n: (x: number) => string
}) {
  const over = p.used > p.max
  return (
    <span id={p.id} class={`field-count${over ? ' over' : ''}`}>
      {over
        ? p.t('note.charsOver', { n: p.used - p.max, max: p.n(p.max) })
        : p.t('note.charsLeft', { n: p.max - p.used, max: p.n(p.max) })}
    </span>
  )
}

/** The version saved by someone else, to compare with the edit still in the form below. */
function ConflictPanel(p: { t: Translate; theirs: AnnotationValues & { version: number } }) {
  const { t, theirs } = p
  return (
    <div class="conflict" role="alert">
      <p>{t('note.conflict')}</p>
      <h3>
        {t('note.theirs')} <span class="muted">({t('note.version', { n: theirs.version })})</span>
      </h3>
      <AnnotationView t={t} values={theirs} />
      <p class="muted">{t('note.conflictHint')}</p>
    </div>
  )
}

function AnnotationView(p: { t: Translate; values: AnnotationValues }) {
  const { t, values } = p
  return (
    <dl class="annotation-view">
      <dt>{t('note.note')}</dt>
      <dd class="pre">{values.note}</dd>
      <dt>{t('note.tags')}</dt>
      <dd>{values.tags.join(', ')}</dd>
      <dt>{t('note.commentary')}</dt>
      <dd class="pre">{values.commentary}</dd>
    </dl>
  )
}

function ReadOnlyAnnotation(p: AnnotationFormProps) {
  return (
    <section class="annotation" id="annotation">
      <h2>{p.t('note.title')}</h2>
      <AnnotationView t={p.t} values={p.values} />
      <p class="muted">{p.t('note.readonly')}</p>
      <AnnotationHistory
        articleId={p.articleId}
        csrf={p.csrf}
        t={p.t}
        locale={p.locale}
        items={p.history}
        total={p.historyTotal}
        open={p.historyOpen}
        currentVersion={p.baseVersion}
        canRestore={false}
      />
    </section>
  )
}
