import { normaliseName, splitAuthors } from '../../directory/index.ts'
import { bylinesOfArticles, peopleOfBylines, type Db } from '../../store/index.ts'
import type { BylineAuthor } from '../../../web/views/directory/byline.tsx'

/**
 * The authors of each article's byline with the directory's person for each when there is one, by
 * article id: what queue cards and the reader link to /directory/people/:id. Two indexed reads.
 */
export async function authorsOfArticles(
  db: Db,
  ids: number[],
): Promise<Map<number, BylineAuthor[]>> {
  const rows = await bylinesOfArticles(db, [...new Set(ids)])
  const named = rows.map((r) => ({ ...r, names: splitAuthors(r.author) }))
  const personOf = await peopleOfBylines(
    db,
    named.flatMap((r) =>
      r.names.map((n) => ({
        sectorSlug: r.sectorSlug,
        feedId: r.feedId,
        normName: normaliseName(n),
      })),
    ),
  )
  return new Map(
    named.map((r) => [
      r.id,
      r.names.map((name) => ({
        name,
        personId: personOf.get(`${r.sectorSlug}|${r.feedId}|${normaliseName(name)}`) ?? null,
      })),
    ]),
  )
}

/** Sets `authors` on each card (queue cards), in place. */
export async function linkCardAuthors<T extends { id: number; authors?: BylineAuthor[] }>(
  db: Db,
  cards: T[],
) {
  const authors = await authorsOfArticles(
    db,
    cards.map((c) => c.id),
  )
  for (const card of cards) card.authors = authors.get(card.id) ?? []
  return cards
}
