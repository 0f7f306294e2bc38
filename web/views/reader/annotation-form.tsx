import type { Translate } from '../../i18n/index.ts'

export interface AnnotationValues {
  note: string
  tags: string[]
  commentary: string
}

export interface AnnotationFormProps {
  articleId: number
  csrf: string
  t: Translate
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
}

/** The curator's note, tags and public commentary; reader.js autosaves it and handles conflicts. */
export function AnnotationForm(p: AnnotationFormProps) {
  const { t, values } = p
  if (!p.editable) return <ReadOnlyAnnotation t={t} values={values} />
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
      >
        <input type="hidden" name="_csrf" value={p.csrf} />
        <input type="hidden" name="baseVersion" value={String(p.baseVersion)} />
        <label for="note">{t('note.note')}</label>
        <textarea id="note" name="note" rows={5}>
          {values.note}
        </textarea>
        <label for="tags">{t('note.tags')}</label>
        <input
          id="tags"
          name="tags"
          type="text"
          list="known-tags"
          autocomplete="off"
          value={values.tags.join(', ')}
        />
        <datalist id="known-tags">
          {p.knownTags.map((tag) => (
            <option value={tag} />
          ))}
        </datalist>
        <label for="commentary">{t('note.commentary')}</label>
        <textarea id="commentary" name="commentary" rows={3}>
          {values.commentary}
        </textarea>
        <div class="annotation-actions">
          <button type="submit" class="primary">
            {t('note.save')}
          </button>
          <span class="save-status" role="status" aria-live="polite">
            {p.saved ? t('note.saved') : ''}
          </span>
          <span class="muted version">
            {p.baseVersion > 0 ? t('note.version', { n: p.baseVersion }) : ''}
          </span>
        </div>
      </form>
    </section>
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

function ReadOnlyAnnotation(p: { t: Translate; values: AnnotationValues }) {
  return (
    <section class="annotation" id="annotation">
      <h2>{p.t('note.title')}</h2>
      <AnnotationView t={p.t} values={p.values} />
      <p class="muted">{p.t('note.readonly')}</p>
    </section>
  )
}
