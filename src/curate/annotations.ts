import { AppError } from '../lib/errors.ts'
import { getAnnotation, getArticle, writeAnnotation, type Annotation, type Db } from '../store/index.ts'

export interface AnnotationInput {
  note: string
  tags: string[]
  commentary: string
  /** The version the editor started from; 0 for a new annotation. */
  baseVersion: number
}

export const emptyAnnotation = (articleId: number) => ({ articleId, note: '', tags: [] as string[], commentary: '', version: 0 })

/** Tags as a curator means them: trimmed, no leading #, lower-case, unique, at most 20 of 40 characters. */
export function normalizeTags(tags: string[]): string[] {
  const out = new Set<string>()
  for (const t of tags) {
    const tag = t.trim().replace(/^#+/, '').toLowerCase().replace(/\s+/g, ' ').slice(0, 40)
    if (tag) out.add(tag)
  }
  return [...out].slice(0, 20)
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
  const article = await getArticle(db, articleId)
  if (!article) throw new AppError('article_not_found', { articleId }, `no article ${articleId}`)
  const saved = await writeAnnotation(
    db,
    { articleId, sectorSlug: article.sectorSlug, note: input.note.slice(0, 20_000), tags: normalizeTags(input.tags), commentary: input.commentary.slice(0, 5_000), baseVersion: input.baseVersion, userId },
    now,
  )
  if (saved) return saved
  const current = await getAnnotation(db, articleId)
  throw new AppError('version_conflict', { current }, 'this annotation was changed elsewhere: reload to merge')
}
