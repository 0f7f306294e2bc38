import type { Translate } from '../../i18n/index.ts'
import { KINDS } from './feed-row.tsx'

export interface FormError {
  form: 'add' | 'import' | 'edit'
  field: string
  message: string
}

export interface AddFeedValues {
  url: string
  name: string
  kind: string
  /** A site without a feed: followed through the articles the page lists. */
  page: boolean
}

/** Adds one feed to the sector by its URL; a refused value comes back with its message beside it. */
export function AddFeedForm(p: {
  sector: string
  csrf: string
  values: AddFeedValues
  error: FormError | null
  t: Translate
}) {
  const { t } = p
  const err = p.error?.form === 'add' ? p.error : null
  const invalid = (field: string) => (err?.field === field ? 'true' : undefined)
  return (
    <form method="post" action="/sources" class="admin-form add-feed">
      <h2>{t('sources.add')}</h2>
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="sector" value={p.sector} />
      {err && (
        <p class="form-error" id="add-error">
          {err.message}
        </p>
      )}
      <label for="add-url">{t('sources.addUrl')}</label>
      <input
        id="add-url"
        name="url"
        type="url"
        required
        value={p.values.url}
        placeholder="https://"
        aria-invalid={invalid('url')}
        aria-describedby={err ? 'add-error' : undefined}
      />
      <label for="add-name">{t('sources.name')}</label>
      <input
        id="add-name"
        name="name"
        value={p.values.name}
        maxlength={200}
        aria-invalid={invalid('name')}
      />
      <label for="add-kind">{t('sources.kind')}</label>
      <select id="add-kind" name="kind">
        {KINDS.map((k) => (
          <option value={k} selected={k === (p.values.kind || 'blog')}>
            {t(`sources.kind.${k}`)}
          </option>
        ))}
      </select>
      <label class="check">
        <input type="checkbox" name="page" value="1" checked={p.values.page} />
        {t('sources.pageSource')}
      </label>
      <button type="submit" class="primary">
        {t('sources.addButton')}
      </button>
    </form>
  )
}

/** Uploads an OPML file (multipart) whose feeds join the sector. */
export function ImportOpmlForm(p: {
  sector: string
  csrf: string
  error: FormError | null
  t: Translate
}) {
  const { t } = p
  const err = p.error?.form === 'import' ? p.error : null
  return (
    <form
      method="post"
      action="/sources/import"
      enctype="multipart/form-data"
      class="admin-form import-opml"
    >
      <h2>{t('sources.import')}</h2>
      <input type="hidden" name="_csrf" value={p.csrf} />
      <input type="hidden" name="sector" value={p.sector} />
      {err && (
        <p class="form-error" id="import-error">
          {err.message}
        </p>
      )}
      <label for="import-file">{t('sources.importFile')}</label>
      <input
        id="import-file"
        name="file"
        type="file"
        accept=".opml,.xml,text/x-opml,application/xml,text/xml"
        required
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? 'import-error' : undefined}
      />
      <button type="submit">{t('sources.importButton')}</button>
    </form>
  )
}
