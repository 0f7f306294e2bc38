import { AppError } from '../lib/errors.ts'
import { getAnnotation, getArticle, writeAnnotation, type Annotation, type Db } from '../store/index.ts'

export interface AnnotationInput {
  note: string
  tags: string[]
  commentary: string
  /** The version the editor started from; 0 for a new annotation. */
  baseVersion: number
}

/**
 * The one set of annotation limits: the reader's counters, the web form, the API schema and the save
 * below all read these, so a curator is told the same rule wherever the note is written.
 */
export const ANNOTATION_LIMITS = Object.freeze({ note: 20_000, commentary: 5_000, tags: 20, tag: 100 })

export const emptyAnnotation = (articleId: number) => ({ articleId, note: '', tags: [] as string[], commentary: '', version: 0 })

/** Tags as a curator means them: trimmed, no leading #, lower-case, spaces collapsed, unique. */
export function normalizeTags(tags: string[]): string[] {
  const out = new Set<string>()
  for (const t of tags) {
    const tag = t.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, ' ')
    if (tag) out.add(tag)
  }
  return [...out]
}

/** Refuses an annotation over a limit, naming the field and the limit (never cut silently). */
export function checkAnnotationLimits(input: { note: string; commentary: string; tags: string[] }): void {
  const L = ANNOTATION_LIMITS
  const refuse = (field: string, limit: number, actual: number, what: string) => {
    throw new AppError('validation_failed', { field, limit, actual }, `at most ${limit} ${what} (${actual} given)`)
  }
  if (input.note.length > L.note) refuse('note', L.note, input.note.length, 'characters')
  if (input.commentary.length > L.commentary) refuse('commentary', L.commentary, input.commentary.length, 'characters')
  if (input.tags.length > L.tags) refuse('tags', L.tags, input.tags.length, 'tags')
  const long = input.tags.find((t) => t.length > L.tag)
  if (long) refuse('tag', L.tag, long.length, `characters per tag ("${long.slice(0, 60)}")`)
}

/**
 * Saves an annotation edit. Two tabs editing at once never lose an edit: a save based on an old
 * version fails with 'version_conflict' carrying the current version, which the editor merges or shows.
 */
export async function saveAnnotation(
  db: Db,
  articleId: number,
  input: AnnotationInput,
  userId: number | null,
  now: Date,
): Promise<Annotation> {
  const tags = normalizeTags(input.tags)
  checkAnnotationLimits({ note: input.note, commentary: input.commentary, tags })
  const article = await getArticle(db, articleId)
  if (!article) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
  const saved = await writeAnnotation(
    db,
    { articleId, sectorSlug: article.sectorSlug, note: input.note, tags, commentary: input.commentary, baseVersion: input.baseVersion, userId },
    now,
  )
  if (saved) return saved
  const current = await getAnnotation(db, articleId)
  throw new AppError('version_conflict', { current }, 'this annotation was changed elsewhere: reload to merge')
}
